{#-
    First contact resolution by month of ticket creation and segment: FCR tickets / solved
    tickets, with sample size, a 95% Wilson interval and the change from the previous month.
    Row-level logic: fct_tickets.is_fcr (macros/kpis/service.sql); formula: fcr_rate in
    first_contact_resolution.yml. DECISIONLOG.md#first-contact-resolution.
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
            'solved_tickets': 'sum(is_solved)',
            'fcr_tickets': 'sum(is_fcr)',
        },
        zero_fill=['tickets', 'solved_tickets', 'fcr_tickets'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(tickets as bigint) as tickets,
        cast(solved_tickets as bigint) as solved_tickets,
        cast(fcr_tickets as bigint) as fcr_tickets,
        cast(tickets - solved_tickets as bigint) as open_tickets,
        case when solved_tickets > 0 then cast(fcr_tickets as double) / solved_tickets end as fcr_rate,
        {{ cx_share_ci95('fcr_tickets', 'solved_tickets', 'low') }} as fcr_rate_ci95_low,
        {{ cx_share_ci95('fcr_tickets', 'solved_tickets', 'high') }} as fcr_rate_ci95_high,
        solved_tickets < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'fcr_rate', 'fcr_rate',
        standard_error=cx_share_standard_error('fcr_rate', 'solved_tickets'),
        change_column='fcr_rate_change',
    ) }}
)

select * from final
