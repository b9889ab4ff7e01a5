{#-
    First response time by month of ticket creation and segment: median and 90th percentile of the
    seconds from creation to the first agent reply, in calendar time and in business
    hours, over the tickets that have one; the others are counted in open_tickets.
    Row-level durations: fct_tickets; formula: the metrics in first_response_time.yml.
    DECISIONLOG.md#ticket-resolution, #business-hours, #service-time-percentiles.
-#}
with

tickets as (
    select * from {{ ref('fct_tickets') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'tickets', 'created_month', cx_service_segments(),
        cx_service_time_aggregates('responded_tickets', 'is_responded', 'first_response'),
        zero_fill=['tickets', 'responded_tickets'],
    ) }}
),

scored as (
    select
        {{ cx_service_time_columns('responded_tickets', 'first_response') }}
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets('scored', 'first_response_median_seconds', 'first_response_time_p50') }}
)

select * from final
