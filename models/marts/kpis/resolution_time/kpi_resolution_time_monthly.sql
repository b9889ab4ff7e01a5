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
        {
            'tickets': 'count(*)',
            'resolved_tickets': 'sum(is_resolved)',
            'resolution_median_seconds': cx_percentile('resolution_seconds', 0.5),
            'resolution_p90_seconds': cx_percentile('resolution_seconds', 0.9),
            'resolution_business_median_seconds': cx_percentile('resolution_business_seconds', 0.5),
            'resolution_business_p90_seconds': cx_percentile('resolution_business_seconds', 0.9),
        },
        zero_fill=['tickets', 'resolved_tickets'],
    ) }}
),

final as (
    select
        by_segment.kpi_month,
        by_segment.segment_name,
        by_segment.segment_value,
        cast(by_segment.tickets as bigint) as tickets,
        cast(by_segment.resolved_tickets as bigint) as resolved_tickets,
        cast(by_segment.tickets - by_segment.resolved_tickets as bigint) as open_tickets,
        cast(by_segment.resolution_median_seconds as double) as resolution_median_seconds,
        cast(by_segment.resolution_p90_seconds as double) as resolution_p90_seconds,
        cast(by_segment.resolution_business_median_seconds as double) as resolution_business_median_seconds,
        cast(by_segment.resolution_business_p90_seconds as double) as resolution_business_p90_seconds,
        by_segment.resolved_tickets < {{ var('cx_min_sample_size') }} as is_small_sample,
        {{ cx_target_columns('by_segment.resolution_median_seconds') }}
    from by_segment
    {{ cx_target_joins("'resolution_time_p50'", 'by_segment') }}
)

select * from final
