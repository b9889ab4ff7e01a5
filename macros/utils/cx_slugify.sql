{#- 'First Payment ' -> 'first_payment'; empty text -> null. -#}
{% macro cx_slugify(text_expr) -%}
    nullif(replace(replace(lower(trim({{ text_expr }})), ' ', '_'), '-', '_'), '')
{%- endmacro %}
