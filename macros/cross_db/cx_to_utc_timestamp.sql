{#-
    Parse an ISO-8601 text timestamp that may carry a UTC offset ("Z", "+02:00") or none
    (then it is taken as UTC, see DECISIONLOG.md#time-zones) into a UTC timestamp without
    time zone. Text that does not parse gives null, never an error: staging turns the null
    into a rejected row with the reason `unparseable_timestamp`.
-#}
{% macro cx_to_utc_timestamp(text_expr) -%}
    {{ return(adapter.dispatch('cx_to_utc_timestamp', 'cx_metrics')(text_expr)) }}
{%- endmacro %}

{% macro default__cx_to_utc_timestamp(text_expr) -%}
    cast(try_cast(nullif(trim({{ text_expr }}), '') as timestamp with time zone) as timestamp)
{%- endmacro %}

{% macro duckdb__cx_to_utc_timestamp(text_expr) -%}
    {#- The profile sets TimeZone=UTC, so text without an offset is read as UTC. -#}
    timezone('UTC', try_cast(nullif(trim({{ text_expr }}), '') as timestamptz))
{%- endmacro %}

{% macro spark__cx_to_utc_timestamp(text_expr) -%}
    {#- Spark with spark.sql.session.timeZone=UTC; to_timestamp gives null on bad input. -#}
    to_timestamp(nullif(trim({{ text_expr }}), ''))
{%- endmacro %}
