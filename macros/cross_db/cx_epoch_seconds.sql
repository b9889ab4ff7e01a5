{#-
    Seconds since 1970-01-01 UTC of a timestamp (UTC, without time zone).
    Durations that KPIs depend on are differences of these, computed the same way on every
    engine (dbt.datediff differs between Spark and DuckDB for month/hour/minute parts).
-#}
{% macro cx_epoch_seconds(ts_expr) -%}
    {{ return(adapter.dispatch('cx_epoch_seconds', 'cx_metrics')(ts_expr)) }}
{%- endmacro %}

{% macro default__cx_epoch_seconds(ts_expr) -%}
    epoch({{ ts_expr }})
{%- endmacro %}

{% macro spark__cx_epoch_seconds(ts_expr) -%}
    (cast(unix_micros(cast({{ ts_expr }} as timestamp)) as double) / 1000000)
{%- endmacro %}

{% macro cx_duration_seconds(start_expr, end_expr) -%}
    ({{ cx_epoch_seconds(end_expr) }} - {{ cx_epoch_seconds(start_expr) }})
{%- endmacro %}
