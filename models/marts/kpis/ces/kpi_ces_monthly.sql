{#-
    CES by month and segment: share of easy answers (>= var cx_ces_easy_min on the 1-7
    scale) and mean score, with sample size and a 95% Wilson interval of the share. Row-level
    logic: fct_survey_responses (is_ces_easy); formula: the metrics in ces.yml.
    DECISIONLOG.md#ces-easy, #share-uncertainty.
-#}
with

ces_answers as (
    select * from {{ ref('fct_survey_responses') }}
    where question_id = 'ces_1_7'
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'ces_answers', 'submitted_month', var('cx_ces_segments'),
        {
            'answers': 'count(*)',
            'easy_answers': 'sum(is_ces_easy)',
            'score_sum': 'sum(score)',
        },
        zero_fill=['answers', 'easy_answers', 'score_sum'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(answers as bigint) as answers,
        cast(easy_answers as bigint) as easy_answers,
        case when answers > 0 then cast(easy_answers as double) / answers end as ces_easy_share,
        case when answers > 0 then cast(score_sum as double) / answers end as ces_mean,
        {{ cx_share_ci95('easy_answers', 'answers', 'low') }} as ces_easy_share_ci95_low,
        {{ cx_share_ci95('easy_answers', 'answers', 'high') }} as ces_easy_share_ci95_high,
        answers < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'ces_easy_share', 'ces_easy_share',
        standard_error=cx_share_standard_error('ces_easy_share', 'answers'),
        change_column='ces_easy_share_change',
    ) }}
)

select * from final
