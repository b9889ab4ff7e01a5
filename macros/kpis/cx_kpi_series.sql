{#-
    The monthly KPI series of several marts as one long relation (kpi_mart, measure,
    measure_kind, kpi_partition, kpi_month, observed_value), from each mart's `all` segment.
    measures: a list of (mart, column, kind, partition_column) where kind is 'value' or
    'volume' and partition_column is the mart's partition column or none ('all').
    Used by kpi_anomalies (DECISIONLOG.md#kpi-anomalies).
-#}
{% macro cx_kpi_series(measures) -%}
    {%- for mart, column, kind, partition_column in measures %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        '{{ mart }}' as kpi_mart,
        '{{ column }}' as measure,
        '{{ kind }}' as measure_kind,
        {{ partition_column if partition_column else "'all'" }} as kpi_partition,
        kpi_month,
        cast({{ column }} as double) as observed_value
    from {{ ref(mart) }}
    where segment_name = 'all' and {{ column }} is not null
    {%- endfor %}
{%- endmacro %}
