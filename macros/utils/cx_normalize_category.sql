{#-
    Normalise a raw category value (trim, lower-case) and map anything outside the allowed
    list to 'unknown', so unknown values are kept and visible instead of silently dropped or
    breaking an accepted-values test. Nulls become 'unknown' too.
    `allowed` is a list of lower-case values.
-#}
{% macro cx_normalize_category(text_expr, allowed) -%}
    case
        when lower(trim({{ text_expr }})) in (
            {%- for value in allowed %}'{{ value }}'{{ ", " if not loop.last }}{% endfor -%}
        ) then lower(trim({{ text_expr }}))
        else 'unknown'
    end
{%- endmacro %}
