{#-
    Survey response rate by month of sending and segment: invitations answered within var
    cx_response_window_days / invitations sent, with the sample size, a 95% Wilson interval
    and the invitations still inside their response window. Row-level logic:
    fct_survey_invitations; formula: the metrics in response_rate.yml.
    DECISIONLOG.md#response-rate, #survey-fatigue.
-#}
with

invitations as (
    select * from {{ ref('fct_survey_invitations') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'invitations', 'sent_month', var('cx_response_rate_segments'),
        {
            'invitations': 'count(*)',
            'answered_invitations': 'sum(is_answered)',
            'open_window_invitations': 'sum(case when is_response_window_open then 1 else 0 end)',
        },
        zero_fill=['invitations', 'answered_invitations', 'open_window_invitations'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(invitations as bigint) as invitations,
        cast(answered_invitations as bigint) as answered_invitations,
        cast(open_window_invitations as bigint) as open_window_invitations,
        case when invitations > 0 then cast(answered_invitations as double) / invitations end as response_rate,
        {{ cx_share_ci95('answered_invitations', 'invitations', 'low') }} as response_rate_ci95_low,
        {{ cx_share_ci95('answered_invitations', 'invitations', 'high') }} as response_rate_ci95_high,
        invitations < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'response_rate', 'survey_response_rate',
        standard_error=cx_share_standard_error('response_rate', 'invitations'),
        change_column='response_rate_change',
    ) }}
)

select * from final
