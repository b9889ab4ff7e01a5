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
        {
            'tickets': 'count(*)',
            'responded_tickets': 'sum(is_responded)',
            'first_response_median_seconds': cx_percentile('first_response_seconds', 0.5),
            'first_response_p90_seconds': cx_percentile('first_response_seconds', 0.9),
            'first_response_business_median_seconds': cx_percentile('first_response_business_seconds', 0.5),
            'first_response_business_p90_seconds': cx_percentile('first_response_business_seconds', 0.9),
        },
        zero_fill=['tickets', 'responded_tickets'],
    ) }}
),

final as (
    select
        by_segment.kpi_month,
        by_segment.segment_name,
        by_segment.segment_value,
        cast(by_segment.tickets as bigint) as tickets,
        cast(by_segment.responded_tickets as bigint) as responded_tickets,
        cast(by_segment.tickets - by_segment.responded_tickets as bigint) as open_tickets,
        cast(by_segment.first_response_median_seconds as double) as first_response_median_seconds,
        cast(by_segment.first_response_p90_seconds as double) as first_response_p90_seconds,
        cast(by_segment.first_response_business_median_seconds as double) as first_response_business_median_seconds,
        cast(by_segment.first_response_business_p90_seconds as double) as first_response_business_p90_seconds,
        by_segment.responded_tickets < {{ var('cx_min_sample_size') }} as is_small_sample,
        {{ cx_target_columns('by_segment.first_response_median_seconds') }}
    from by_segment
    {{ cx_target_joins("'first_response_time_p50'", 'by_segment') }}
)

select * from final
