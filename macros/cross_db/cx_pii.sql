{#-
    Personal data never leaves staging in clear (DECISIONLOG.md#pii-hashing).

    cx_hash_pii(expr, kind)      sha256 of salt || normalised value, as lower-case hex; null
                                 stays null. Stable for a given salt, so a hashed column
                                 still joins and counts distinct; kind picks the
                                 normalisation: 'email' (trim, lower-case), 'phone' (digits
                                 only), 'name' (trim, lower-case, single spaces), 'id' (text).
    cx_mask_pii_in_text(expr)    free text with every e-mail address replaced by <email> and
                                 every phone number by <phone>; the rest of the text is kept.
                                 national_phones=false masks only international numbers (for
                                 JSON, where long ids and decimals must stay as they are).
    cx_pii_salt()                the salt, from the environment variable CXM_PII_SALT. When a
                                 model is compiled to run, an unset or short salt is a
                                 compilation error, never a silent default.

    The patterns use no backslashes (they mean different things in DuckDB and Spark string
    literals): character classes only. sha256 is `sha256` on DuckDB, `sha2(x, 256)` on Spark;
    both give lower-case hex, so hashes are equal on every engine.
-#}
{% macro cx_pii_salt() -%}
    {%- set salt = env_var('CXM_PII_SALT', '') -%}
    {%- if execute -%}
        {%- if salt | length < 16 -%}
            {{ exceptions.raise_compiler_error(
                "CXM_PII_SALT is not set or shorter than 16 characters. Personal data (names, "
                ~ "e-mails, phones) is hashed in staging with this salt: set it from your secret "
                ~ "store (e.g. export CXM_PII_SALT=$(openssl rand -hex 32)) and keep it stable, "
                ~ "or hashes change and joins on them break. `make demo` and `make test` set a "
                ~ "public demo salt. See README.md#security-and-pii."
            ) }}
        {%- endif -%}
        {%- if "'" in salt or "\\" in salt -%}
            {{ exceptions.raise_compiler_error("CXM_PII_SALT must not contain quotes or backslashes") }}
        {%- endif -%}
    {%- endif -%}
    {{- return(salt) -}}
{%- endmacro %}

{#- Patterns shared by the masking macro and documented in README.md#security-and-pii. -#}
{% macro cx_pii_email_pattern() -%}
    {{- return('[^@<>(),;:" \t\r\n]+@[^@<>(),;:" \t\r\n]+[.][^@<>(),;:" \t\r\n.]{2,}') -}}
{%- endmacro %}

{% macro cx_pii_phone_pattern(national=true) -%}
    {#- International with a plus (+48 601 234 567, +1 (555) 123-4567) or, with national=true,
        a 3-3-3/4 digit national form ((555) 123-4567, 601-234-567, 5551234567); dates and
        times never match. The national form also masks 9+ digit numbers (an order number in a
        comment). A 00-prefixed number is caught by the national form only (a bare 00 prefix
        would match inside hashes and ids). -#}
    {%- set international = '[+][0-9][0-9 ()./-]{6,}[0-9]' -%}
    {%- if national -%}
        {{- return(international ~ '|[(]?[0-9]{3}[)]?[ .-]?[0-9]{3}[ .-]?[0-9]{3,4}') -}}
    {%- endif -%}
    {{- return(international) -}}
{%- endmacro %}

{% macro cx_normalize_pii(expr, kind) -%}
    {%- if kind == 'email' -%}
        nullif(lower(trim(cast({{ expr }} as {{ dbt.type_string() }}))), '')
    {%- elif kind == 'phone' -%}
        nullif({{ cx_regexp_replace_all('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')', '[^0-9]', '') }}, '')
    {%- elif kind == 'name' -%}
        nullif({{ cx_regexp_replace_all('lower(trim(cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')))', ' +', ' ') }}, '')
    {%- elif kind == 'id' -%}
        nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
    {%- else -%}
        {{ exceptions.raise_compiler_error("cx_hash_pii: unknown kind '" ~ kind ~ "' (email, phone, name, id)") }}
    {%- endif -%}
{%- endmacro %}

{% macro cx_hash_pii(expr, kind) -%}
    {{ return(adapter.dispatch('cx_hash_pii', 'cx_metrics')(expr, kind)) }}
{%- endmacro %}

{% macro default__cx_hash_pii(expr, kind) -%}
    sha256('{{ cx_pii_salt() }}' || {{ cx_normalize_pii(expr, kind) }})
{%- endmacro %}

{% macro spark__cx_hash_pii(expr, kind) -%}
    sha2('{{ cx_pii_salt() }}' || {{ cx_normalize_pii(expr, kind) }}, 256)
{%- endmacro %}

{% macro cx_regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('cx_regexp_replace_all', 'cx_metrics')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__cx_regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__cx_regexp_replace_all(expr, pattern, replacement) -%}
    {#- Spark's regexp_replace replaces every match. -#}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}

{% macro cx_mask_pii_in_text(expr, national_phones=true) -%}
    {{ cx_regexp_replace_all(
        cx_regexp_replace_all(expr, cx_pii_email_pattern(), '<email>'),
        cx_pii_phone_pattern(national_phones),
        '<phone>'
    ) }}
{%- endmacro %}
