{#-
    Text that is made only of whitespace or control characters, of any kind, counts as empty
    (DECISIONLOG.md#blank-text): spaces, tabs, CR/LF, no-break and other Unicode spaces
    (category Z*), control characters (Cc) and invisible format characters such as the
    zero-width space or a byte-order mark (Cf). cx_nonblank_text(expr) is the trimmed text,
    or null when it is blank. The sentiment scorer applies the same rule
    (cxm.sentiment.is_blank_text), so staging and the scorer agree on what is empty.
-#}
{% macro cx_is_blank_text(text_expr) -%}
    {{ return(adapter.dispatch('cx_is_blank_text', 'cx_metrics')(text_expr)) }}
{%- endmacro %}

{% macro default__cx_is_blank_text(text_expr) -%}
    regexp_full_match({{ text_expr }}, '[\s\p{Z}\p{Cc}\p{Cf}]*')
{%- endmacro %}

{% macro spark__cx_is_blank_text(text_expr) -%}
    ({{ text_expr }} rlike '^[\\s\\p{Z}\\p{Cc}\\p{Cf}]*$')
{%- endmacro %}

{% macro cx_nonblank_text(text_expr) -%}
    case
        when not {{ cx_is_blank_text(text_expr) }} then trim({{ text_expr }})
    end
{%- endmacro %}
