{#-
    Feedback volume and tone by month of the answer and segment: answers, answers with a
    comment, and the tone mix (negative / neutral / positive shares of feedback_tone, which
    is score-based for now), with sample sizes and a 95% Wilson interval of the negative
    share. Row-level logic: fct_feedback (macros/kpis/closed_loop.sql); formula: the metrics
    in feedback.yml. DECISIONLOG.md#feedback-tone.
-#}
with

feedback as (
    select * from {{ ref('fct_feedback') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'feedback', 'submitted_month', var('cx_feedback_segments'),
        {
            'answers': 'count(*)',
            'commented_answers': 'sum(is_commented)',
            'tone_negative_answers': 'sum(is_tone_negative)',
            'tone_neutral_answers': 'sum(is_tone_neutral)',
            'tone_positive_answers': 'sum(is_tone_positive)',
        },
        zero_fill=['answers', 'commented_answers', 'tone_negative_answers', 'tone_neutral_answers', 'tone_positive_answers'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(answers as bigint) as answers,
        cast(commented_answers as bigint) as commented_answers,
        cast(tone_negative_answers as bigint) as tone_negative_answers,
        cast(tone_neutral_answers as bigint) as tone_neutral_answers,
        cast(tone_positive_answers as bigint) as tone_positive_answers,
        case when answers > 0 then cast(commented_answers as double) / answers end as comment_share,
        case when answers > 0 then cast(tone_negative_answers as double) / answers end as tone_negative_share,
        case when answers > 0 then cast(tone_neutral_answers as double) / answers end as tone_neutral_share,
        case when answers > 0 then cast(tone_positive_answers as double) / answers end as tone_positive_share,
        {{ cx_share_ci95('tone_negative_answers', 'answers', 'low') }} as tone_negative_share_ci95_low,
        {{ cx_share_ci95('tone_negative_answers', 'answers', 'high') }} as tone_negative_share_ci95_high,
        answers < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'tone_negative_share', 'feedback_negative_share',
        standard_error=cx_share_standard_error('tone_negative_share', 'answers'),
        change_column='tone_negative_share_change',
    ) }}
)

select * from final
