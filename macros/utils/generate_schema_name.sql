{#-
    Models go to the schema named in their config (staging, intermediate, marts, ...)
    rather than dbt's default <target_schema>_<custom_schema>, so BI tools read a stable
    `marts` schema whatever the target.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
