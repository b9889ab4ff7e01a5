{#-
    A timestamp plus a whole number of days (UTC, so a day is always 86,400 seconds),
    keeping fractions of a second. dbt.dateadd is not used for this on Spark: dbt-spark
    builds it from to_unix_timestamp, which drops the fraction of a second, and raises on
    a null timestamp (DECISIONLOG.md#spark-engine).
-#}
{% macro cx_add_days(ts_expr, days_expr) -%}
    {{ return(adapter.dispatch('cx_add_days', 'cx_metrics')(ts_expr, days_expr)) }}
{%- endmacro %}

{% macro default__cx_add_days(ts_expr, days_expr) -%}
    {{ dbt.dateadd('day', days_expr, ts_expr) }}
{%- endmacro %}

{% macro spark__cx_add_days(ts_expr, days_expr) -%}
    timestampadd(day, cast({{ days_expr }} as int), cast({{ ts_expr }} as timestamp))
{%- endmacro %}
