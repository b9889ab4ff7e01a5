{#-
    Employee NPS by month of the pulse wave and team: 100 x (promoter share - detractor
    share), -100..100, with the sample size, a standard error and a 95% interval. For
    confidentiality, the eNPS and its promoter / passive / detractor counts are published
    only for cells with at least var cx_enps_min_answers answers (cx_enps_is_reportable,
    macros/kpis/enps.sql); smaller cells show the number of answers only. Row-level logic:
    fct_pulse_responses; formula: the metrics in enps.yml. DECISIONLOG.md#enps.
-#}
with

pulse_answers as (
    select * from {{ ref('fct_pulse_responses') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'pulse_answers', 'wave_month', var('cx_enps_segments'),
        {
            'answers': 'count(*)',
            'promoters': 'sum(is_enps_promoter)',
            'passives': 'sum(is_enps_passive)',
            'detractors': 'sum(is_enps_detractor)',
        },
        zero_fill=['answers', 'promoters', 'passives', 'detractors'],
    ) }}
),

reportable as (
    select
        *,
        {{ cx_enps_is_reportable('answers') }} as is_reportable
    from by_segment
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(answers as bigint) as answers,
        is_reportable,
        case when is_reportable then cast(promoters as bigint) end as promoters,
        case when is_reportable then cast(passives as bigint) end as passives,
        case when is_reportable then cast(detractors as bigint) end as detractors,
        case when is_reportable then cast(promoters as double) / answers end as promoter_share,
        case when is_reportable then cast(detractors as double) / answers end as detractor_share,
        case when is_reportable then 100.0 * cast(promoters - detractors as double) / answers end as enps,
        case
            when is_reportable then {{ cx_nps_standard_error('promoters', 'detractors', 'answers') }}
        end as enps_standard_error,
        answers < {{ var('cx_min_sample_size') }} as is_small_sample
    from reportable
),

with_intervals as (
    select
        *,
        {{ cx_normal_ci95('enps', 'enps_standard_error', 'low', '-100.0', '100.0') }} as enps_ci95_low,
        {{ cx_normal_ci95('enps', 'enps_standard_error', 'high', '-100.0', '100.0') }} as enps_ci95_high
    from scored
),

final as (
    {{ cx_kpi_change_and_targets(
        'with_intervals', 'enps', 'enps',
        standard_error='enps_standard_error',
        change_column='enps_change',
    ) }}
)

select * from final
