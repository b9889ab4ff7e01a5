{#-
    Closed loop by month of the answer and segment: share of negative answers followed up,
    share followed up within the target hours, and median / p90 hours to the first
    follow-up, with sample sizes and 95% Wilson intervals of the rate. Row-level logic:
    fct_feedback (macros/kpis/closed_loop.sql); formula: the metrics in closed_loop.yml.
    DECISIONLOG.md#closed-loop, #closed-loop-timing.
-#}
with

negative_feedback as (
    select * from {{ ref('fct_feedback') }}
    where is_negative_feedback = 1
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'negative_feedback', 'submitted_month', var('cx_closed_loop_segments'),
        {
            'negative_answers': 'count(*)',
            'followed_up_answers': 'sum(is_followed_up)',
            'followed_up_within_target_answers': 'sum(is_followed_up_within_target)',
            'followup_hours_median': cx_percentile('hours_to_first_followup', 0.5),
            'followup_hours_p90': cx_percentile('hours_to_first_followup', 0.9),
        },
        zero_fill=['negative_answers', 'followed_up_answers', 'followed_up_within_target_answers'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(negative_answers as bigint) as negative_answers,
        cast(followed_up_answers as bigint) as followed_up_answers,
        cast(negative_answers - followed_up_answers as bigint) as awaiting_followup,
        cast(followed_up_within_target_answers as bigint) as followed_up_within_target_answers,
        case
            when negative_answers > 0 then cast(followed_up_answers as double) / negative_answers
        end as closed_loop_rate,
        {{ cx_share_ci95('followed_up_answers', 'negative_answers', 'low') }} as closed_loop_rate_ci95_low,
        {{ cx_share_ci95('followed_up_answers', 'negative_answers', 'high') }} as closed_loop_rate_ci95_high,
        case
            when negative_answers > 0 then cast(followed_up_within_target_answers as double) / negative_answers
        end as followed_up_within_target_share,
        cast(followup_hours_median as double) as followup_hours_median,
        cast(followup_hours_p90 as double) as followup_hours_p90,
        negative_answers < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'closed_loop_rate', 'closed_loop_rate',
        standard_error=cx_share_standard_error('closed_loop_rate', 'negative_answers'),
        change_column='closed_loop_rate_change',
    ) }}
)

select * from final
