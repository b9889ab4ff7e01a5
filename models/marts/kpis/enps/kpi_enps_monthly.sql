{#-
    Employee NPS by month of the pulse wave and team: 100 x (promoter share - detractor
    share), -100..100, with the sample size, a standard error and a 95% interval. For
    confidentiality, the eNPS and its promoter / passive / detractor counts are published
    only for cells with at least var cx_enps_min_answers answers (cx_enps_is_reportable,
    macros/kpis/enps.sql); smaller cells show the number of answers only. Row-level logic:
    fct_pulse_responses; formula: the metrics in enps.yml. DECISIONLOG.md#enps.
-#}
{%- set segments = var('cx_enps_segments', ['team']) -%}

with

pulse_answers as (
    select * from {{ ref('fct_pulse_responses') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'pulse_answers', 'wave_month', segments,
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

with_previous as (
    select
        *,
        lag(enps) over (
            partition by segment_name, segment_value order by kpi_month
        ) as previous_enps,
        lag(enps_standard_error) over (
            partition by segment_name, segment_value order by kpi_month
        ) as previous_enps_standard_error
    from scored
),

final as (
    select
        with_previous.kpi_month,
        with_previous.segment_name,
        with_previous.segment_value,
        with_previous.answers,
        with_previous.is_reportable,
        with_previous.promoters,
        with_previous.passives,
        with_previous.detractors,
        with_previous.promoter_share,
        with_previous.detractor_share,
        with_previous.enps,
        with_previous.enps_standard_error,
        case
            when with_previous.enps is not null
                then greatest(-100.0, with_previous.enps - 1.96 * with_previous.enps_standard_error)
        end as enps_ci95_low,
        case
            when with_previous.enps is not null
                then least(100.0, with_previous.enps + 1.96 * with_previous.enps_standard_error)
        end as enps_ci95_high,
        with_previous.is_small_sample,
        with_previous.enps - with_previous.previous_enps as enps_change,
        {{ cx_change_is_significant(
            'with_previous.enps', 'with_previous.previous_enps',
            'with_previous.enps_standard_error', 'with_previous.previous_enps_standard_error'
        ) }} as is_change_significant,
        {{ cx_target_columns('with_previous.enps') }}
    from with_previous
    {{ cx_target_joins("'enps'", 'with_previous') }}
)

select * from final
