{#-
    The whole raw row as JSON text, kept with every rejected row so nothing is lost.
    `relation_alias` is the alias of the CTE or table the row comes from.
-#}
{% macro cx_row_to_json(relation_alias) -%}
    {{ return(adapter.dispatch('cx_row_to_json', 'cx_metrics')(relation_alias)) }}
{%- endmacro %}

{% macro default__cx_row_to_json(relation_alias) -%}
    cast(to_json({{ relation_alias }}) as string)
{%- endmacro %}

{% macro spark__cx_row_to_json(relation_alias) -%}
    {#- Spark's default timestamp format stops at milliseconds: keep the microseconds. -#}
    to_json(struct({{ relation_alias }}.*), map('timestampFormat', 'yyyy-MM-dd HH:mm:ss.SSSSSS'))
{%- endmacro %}
