{#-
    NPS by month, programme (kpi_partition: relationship / transactional) and segment, in
    long form: one row per (kpi_month, kpi_partition, segment_name, segment_value), segment
    'all' included. Every month between a programme's first and last answer is present for
    every segment value, so a month without answers is a row with 0 answers and a null NPS,
    not a gap. The formula is the semantic layer's `relationship_nps` / `transactional_nps`
    (nps.yml); the reconciliation test (pytests/test_kpi_reconciliation.py) proves both give
    the same figures.
-#}
with

nps_answers as (
    select * from {{ ref('fct_survey_responses') }}
    where nps_program is not null
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'nps_answers', 'submitted_month', var('cx_nps_segments'),
        {
            'answers': 'count(*)',
            'promoters': 'sum(is_nps_promoter)',
            'passives': 'sum(is_nps_passive)',
            'detractors': 'sum(is_nps_detractor)',
        },
        zero_fill=['answers', 'promoters', 'passives', 'detractors'],
        partition_column='nps_program',
    ) }}
),

counted as (
    select
        kpi_month,
        kpi_partition,
        segment_name,
        segment_value,
        cast(answers as bigint) as answers,
        cast(promoters as bigint) as promoters,
        cast(passives as bigint) as passives,
        cast(detractors as bigint) as detractors
    from by_segment
),

scored as (
    select
        *,
        case when answers > 0 then cast(promoters as double) / answers end as promoter_share,
        case when answers > 0 then cast(detractors as double) / answers end as detractor_share,
        case when answers > 0 then 100.0 * cast(promoters - detractors as double) / answers end as nps,
        {{ cx_nps_standard_error('promoters', 'detractors', 'answers') }} as nps_standard_error,
        answers < {{ var('cx_min_sample_size') }} as is_small_sample
    from counted
),

with_intervals as (
    select
        *,
        {{ cx_normal_ci95('nps', 'nps_standard_error', 'low', '-100.0', '100.0') }} as nps_ci95_low,
        {{ cx_normal_ci95('nps', 'nps_standard_error', 'high', '-100.0', '100.0') }} as nps_ci95_high
    from scored
),

final as (
    {{ cx_kpi_change_and_targets(
        'with_intervals', 'nps', 'nps',
        standard_error='nps_standard_error',
        change_column='nps_change',
        partition_column='kpi_partition',
    ) }}
)

select * from final
