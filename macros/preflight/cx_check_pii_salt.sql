{#-
    Preflight run by on-run-start (dbt_project.yml), before any seed, model or test: the salt
    personal data is hashed with (CXM_PII_SALT, macro cx_pii_salt) is set and long enough.
    Without it a build would stop only when the first staging model compiles, after the
    seeds and many nodes; here it stops within seconds with the same message. Renders no SQL.
-#}
{% macro cx_check_pii_salt() -%}
    {%- if execute -%}
        {%- do cx_pii_salt() -%}
    {%- endif -%}
{%- endmacro %}
