{#-
    CSAT by month and segment: share of top-box answers and mean score, with sample size
    and a 95% confidence interval of the share. Formula: metrics in csat.yml.
-#}
with

csat_answers as (
    select * from {{ ref('fct_survey_responses') }}
    where question_id = 'csat_1_5'
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'csat_answers', 'submitted_month', var('cx_csat_segments'),
        {
            'answers': 'count(*)',
            'top_box_answers': 'sum(is_csat_top_box)',
            'score_sum': 'sum(score)',
        },
        zero_fill=['answers', 'top_box_answers', 'score_sum'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(answers as bigint) as answers,
        cast(top_box_answers as bigint) as top_box_answers,
        case when answers > 0 then cast(top_box_answers as double) / answers end as csat_top_box_share,
        case when answers > 0 then cast(score_sum as double) / answers end as csat_mean,
        {{ cx_share_ci95('top_box_answers', 'answers', 'low') }} as csat_top_box_share_ci95_low,
        {{ cx_share_ci95('top_box_answers', 'answers', 'high') }} as csat_top_box_share_ci95_high,
        answers < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'csat_top_box_share', 'csat_top_box_share',
        standard_error=cx_share_standard_error('csat_top_box_share', 'answers'),
        change_column='csat_top_box_share_change',
    ) }}
)

select * from final
