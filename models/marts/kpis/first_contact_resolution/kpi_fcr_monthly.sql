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

with_previous as (
    select
        *,
        {{ cx_share_with_previous('fcr_rate', 'solved_tickets') }}
    from scored
),

final as (
    select
        with_previous.kpi_month,
        with_previous.segment_name,
        with_previous.segment_value,
        with_previous.tickets,
        with_previous.solved_tickets,
        with_previous.fcr_tickets,
        with_previous.open_tickets,
        with_previous.fcr_rate,
        with_previous.fcr_rate_ci95_low,
        with_previous.fcr_rate_ci95_high,
        with_previous.is_small_sample,
        with_previous.fcr_rate - with_previous.previous_share as fcr_rate_change,
        {{ cx_change_is_significant(
            'with_previous.fcr_rate', 'with_previous.previous_share',
            'with_previous.share_standard_error', 'with_previous.previous_share_standard_error'
        ) }} as is_change_significant,
        {{ cx_target_columns('with_previous.fcr_rate') }}
    from with_previous
    {{ cx_target_joins("'fcr_rate'", 'with_previous') }}
)

select * from final
