{#-
    Text -> integer, only when the text is an integer (surrounding spaces allowed: "10 ").
    Anything else ("ten", "7.5", "") gives null. Pair it with cx_is_integer_text to tell a
    missing value from a value that is not a number.
-#}
{% macro cx_is_integer_text(text_expr) -%}
    {{ return(adapter.dispatch('cx_is_integer_text', 'cx_metrics')(text_expr)) }}
{%- endmacro %}

{% macro default__cx_is_integer_text(text_expr) -%}
    regexp_matches(trim({{ text_expr }}), '^-?[0-9]{1,9}$')
{%- endmacro %}

{% macro spark__cx_is_integer_text(text_expr) -%}
    (trim({{ text_expr }}) rlike '^-?[0-9]{1,9}$')
{%- endmacro %}

{% macro cx_parse_integer(text_expr) -%}
    case
        when {{ cx_is_integer_text(text_expr) }}
            then cast(trim({{ text_expr }}) as integer)
    end
{%- endmacro %}
