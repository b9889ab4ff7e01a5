{#-
    Survey response rate by month of sending and segment: invitations answered within var
    cx_response_window_days / invitations sent, with the sample size, a 95% Wilson interval
    and the invitations still inside their response window. Row-level logic:
    fct_survey_invitations; formula: the metrics in response_rate.yml.
    DECISIONLOG.md#response-rate, #survey-fatigue.
-#}
{%- set segments = var(
    'cx_response_rate_segments',
    ['survey_channel', 'touchpoint', 'survey_type', 'region', 'prior_invitations_bucket'],
) -%}

with

invitations as (
    select * from {{ ref('fct_survey_invitations') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'invitations', 'sent_month', segments,
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

with_previous as (
    select
        *,
        {{ cx_share_with_previous('response_rate', 'invitations') }}
    from scored
),

final as (
    select
        with_previous.kpi_month,
        with_previous.segment_name,
        with_previous.segment_value,
        with_previous.invitations,
        with_previous.answered_invitations,
        with_previous.open_window_invitations,
        with_previous.response_rate,
        with_previous.response_rate_ci95_low,
        with_previous.response_rate_ci95_high,
        with_previous.is_small_sample,
        with_previous.response_rate - with_previous.previous_share as response_rate_change,
        {{ cx_change_is_significant(
            'with_previous.response_rate', 'with_previous.previous_share',
            'with_previous.share_standard_error', 'with_previous.previous_share_standard_error'
        ) }} as is_change_significant,
        {{ cx_target_columns('with_previous.response_rate') }}
    from with_previous
    {{ cx_target_joins("'survey_response_rate'", 'with_previous') }}
)

select * from final
