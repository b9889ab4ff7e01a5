{#- Engine type names to one vocabulary (DuckDB's), so the declared types hold on Spark too. -#}
{% macro cx_normalize_type(data_type) -%}
    {%- set name = (data_type | string | lower | trim) -%}
    {%- set aliases = {
        'string': 'varchar', 'text': 'varchar', 'long': 'bigint', 'int64': 'bigint', 'int8': 'bigint',
        'int': 'integer', 'int4': 'integer', 'int32': 'integer', 'float8': 'double',
        'double precision': 'double', 'float64': 'double', 'bool': 'boolean',
        'timestamp_ntz': 'timestamp', 'timestamp without time zone': 'timestamp', 'datetime': 'timestamp',
    } -%}
    {{ return(aliases.get(name, name)) }}
{%- endmacro %}
