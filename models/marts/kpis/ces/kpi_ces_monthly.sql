{#-
    CES by month and segment: share of easy answers (>= var cx_ces_easy_min on the 1-7
    scale) and mean score, with sample size and a 95% Wilson interval of the share. Row-level
    logic: fct_survey_responses (is_ces_easy); formula: the metrics in ces.yml.
    DECISIONLOG.md#ces-easy, #share-uncertainty.
-#}
{%- set segments = var('cx_ces_segments', ['touchpoint', 'survey_channel', 'region', 'value_tier']) -%}

with

ces_answers as (
    select * from {{ ref('fct_survey_responses') }}
    where question_id = 'ces_1_7'
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'ces_answers', 'submitted_month', segments,
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

with_previous as (
    select
        *,
        {{ cx_share_with_previous('ces_easy_share', 'answers') }}
    from scored
),

final as (
    select
        with_previous.kpi_month,
        with_previous.segment_name,
        with_previous.segment_value,
        with_previous.answers,
        with_previous.easy_answers,
        with_previous.ces_easy_share,
        with_previous.ces_mean,
        with_previous.ces_easy_share_ci95_low,
        with_previous.ces_easy_share_ci95_high,
        with_previous.is_small_sample,
        with_previous.ces_easy_share - with_previous.previous_share as ces_easy_share_change,
        {{ cx_change_is_significant(
            'with_previous.ces_easy_share', 'with_previous.previous_share',
            'with_previous.share_standard_error', 'with_previous.previous_share_standard_error'
        ) }} as is_change_significant,
        {{ cx_target_columns('with_previous.ces_easy_share') }}
    from with_previous
    {{ cx_target_joins("'ces_easy_share'", 'with_previous') }}
)

select * from final
