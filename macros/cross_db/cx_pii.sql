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
        the common national forms (DECISIONLOG.md#pii-hashing lists them and their measured
        false positives): French 06 12 34 56 78 / 01.23.45.67.89, German and British with an
        area code (030 12345678, 0171 1234567, 089/1234-5678, 020 7946 0958), Spanish
        612 34 56 78 and 91 123 45 67, and the 3-3-3/4 form of North America, Poland and
        Spain ((555) 123-4567, 601-234-567, 5551234567). Dates and times never match
        (2024-05-12, 05.12.2024 14:30, 12/05/2024). The 3-3-3/4 form also masks 9+ digit
        numbers (an order number in a comment). A 00-prefixed number is caught only through
        its national part (a bare 00 prefix would match inside hashes and ids). -#}
    {%- set international = '[+][0-9][0-9 ()./-]{6,}[0-9]' -%}
    {%- if national -%}
        {%- set national_forms = [
            '0[1-9]([ .-][0-9]{2}){4}',
            '0[1-9][0-9]{1,4}[ /-]?[0-9]{2,4}[ -]?[0-9]{3,5}',
            '[6-9][0-9]{2}([ .-][0-9]{2}){3}',
            '[89][0-9][ .-][0-9]{3}([ .-][0-9]{2}){2}',
            '[(]?[0-9]{3}[)]?[ .-]?[0-9]{3}[ .-]?[0-9]{3,4}',
        ] -%}
        {{- return(international ~ '|' ~ national_forms | join('|')) -}}
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

{#-
    The salt is checked at compile time (cx_pii_salt) but never spliced into the SQL, which dbt
    writes to logs/dbt.log and target/run/: DuckDB reads it from the session variable that
    the profile's plugin sets (src/cxm/dbt_duckdb_plugin.py), Spark from the driver's
    environment through java.lang.System.getenv.
-#}
{% macro default__cx_hash_pii(expr, kind) -%}
    {%- do cx_pii_salt() -%}
    sha256(getvariable('cx_pii_salt') || {{ cx_normalize_pii(expr, kind) }})
{%- endmacro %}

{% macro spark__cx_hash_pii(expr, kind) -%}
    {%- do cx_pii_salt() -%}
    sha2(reflect('java.lang.System', 'getenv', 'CXM_PII_SALT') || {{ cx_normalize_pii(expr, kind) }}, 256)
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
