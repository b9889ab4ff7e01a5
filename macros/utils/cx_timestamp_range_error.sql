{#-
    Why an event time cannot be true, or null when it can (DECISIONLOG.md#raw-data-mess):
    before 1970-01-01 (a zero or sentinel date, e.g. '1900-01-01'); before the start of the
    time spine, var cx_time_spine_start, which the monthly KPI marts and the semantic layer
    count in (an accepted row dated earlier would sit in the fact and be missing from every
    mart; DECISIONLOG.md#time-spine); or after the moment the row was loaded (nothing is
    answered after the connector picked it up).
-#}
{% macro cx_timestamp_range_error(ts_expr, loaded_at_expr) -%}
    case
        when {{ ts_expr }} < cast('1970-01-01 00:00:00' as timestamp) then 'timestamp_before_1970'
        when {{ ts_expr }} < cast('{{ var("cx_time_spine_start") }} 00:00:00' as timestamp)
            then 'timestamp_before_time_spine'
        when {{ ts_expr }} > {{ loaded_at_expr }} then 'timestamp_in_future'
    end
{%- endmacro %}
