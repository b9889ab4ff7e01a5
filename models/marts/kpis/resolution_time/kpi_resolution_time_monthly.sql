{#-
    Resolution time by month of ticket creation and segment: median and 90th percentile of the
    seconds from creation to the full resolution (final solve after any reopens), in calendar time and in business
    hours, over the tickets that have one; the others are counted in open_tickets.
    Row-level durations: fct_tickets; formula: the metrics in resolution_time.yml.
    DECISIONLOG.md#ticket-resolution, #business-hours, #service-time-percentiles.
-#}
with

tickets as (
    select * from {{ ref('fct_tickets') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'tickets', 'created_month', cx_service_segments(),
        cx_service_time_aggregates('resolved_tickets', 'is_resolved', 'resolution'),
        zero_fill=['tickets', 'resolved_tickets'],
    ) }}
),

scored as (
    select
        {{ cx_service_time_columns('resolved_tickets', 'resolution') }}
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets('scored', 'resolution_median_seconds', 'resolution_time_p50') }}
)

select * from final
