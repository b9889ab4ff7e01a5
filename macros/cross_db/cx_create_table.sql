{#-
    DDL for the tables the preflight check writes (DECISIONLOG.md#optional-sources): an empty
    stand-in for an absent source and the source registry. Spark needs a data source format.
-#}
{% macro cx_create_schema_sql(database, schema) -%}
    {{ return(adapter.dispatch('cx_create_schema_sql', 'cx_metrics')(database, schema)) }}
{%- endmacro %}

{% macro default__cx_create_schema_sql(database, schema) -%}
    {{ return('create schema if not exists ' ~ (database ~ '.' if database else '') ~ schema) }}
{%- endmacro %}

{% macro spark__cx_create_schema_sql(database, schema) -%}
    {{ return('create schema if not exists ' ~ schema) }}
{%- endmacro %}

{% macro cx_create_table_sql(relation, columns) -%}
    {{ return(adapter.dispatch('cx_create_table_sql', 'cx_metrics')(relation, columns)) }}
{%- endmacro %}

{% macro default__cx_create_table_sql(relation, columns) -%}
    {%- set cols = [] -%}
    {%- for name, data_type in columns -%}{%- do cols.append(name ~ ' ' ~ data_type) -%}{%- endfor -%}
    {{ return('create table if not exists ' ~ relation ~ ' (' ~ cols | join(', ') ~ ')') }}
{%- endmacro %}

{% macro spark__cx_create_table_sql(relation, columns) -%}
    {%- set cols = [] -%}
    {%- for name, data_type in columns -%}{%- do cols.append(name ~ ' ' ~ data_type) -%}{%- endfor -%}
    {{ return('create table if not exists ' ~ relation ~ ' (' ~ cols | join(', ') ~ ') using parquet') }}
{%- endmacro %}
