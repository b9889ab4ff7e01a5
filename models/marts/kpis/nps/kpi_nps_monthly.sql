{#-
    NPS by month, programme (relationship / transactional) and segment, in long form:
    one row per (month, programme, segment_name, segment_value), segment 'all' included.
    Every month between a programme's first and last answer is present for every segment
    value, so a month without answers is a row with 0 answers and a null NPS, not a gap.
    The formula is the semantic layer's `relationship_nps` / `transactional_nps`
    (nps.yml); the reconciliation test proves both give the same figures.
-#}
{%- set segments = var('cx_nps_segments') -%}

with

nps_answers as (
    select * from {{ ref('fct_survey_responses') }}
    where nps_program is not null
),

calendar as (
    select * from {{ ref('metricflow_time_spine') }}
),

months as (
    select distinct cast({{ dbt.date_trunc('month', 'date_day') }} as date) as nps_month
    from calendar
),

program_ranges as (
    select
        nps_program,
        min(submitted_month) as first_month,
        max(submitted_month) as last_month
    from nps_answers
    group by nps_program
),

answers_by_segment as (
    select
        nps_program,
        submitted_month as nps_month,
        'all' as segment_name,
        'all' as segment_value,
        is_nps_promoter,
        is_nps_passive,
        is_nps_detractor
    from nps_answers
    {%- for segment in segments %}
        union all
        select
            nps_program,
            submitted_month as nps_month,
            '{{ segment }}' as segment_name,
            {{ segment }} as segment_value,
            is_nps_promoter,
            is_nps_passive,
            is_nps_detractor
        from nps_answers
    {%- endfor %}
),

segment_values as (
    select distinct
        nps_program,
        segment_name,
        segment_value
    from answers_by_segment
),

grid as (
    select
        months.nps_month,
        segment_values.nps_program,
        segment_values.segment_name,
        segment_values.segment_value
    from segment_values
    inner join program_ranges
        on segment_values.nps_program = program_ranges.nps_program
    inner join months
        on
            program_ranges.first_month <= months.nps_month
            and program_ranges.last_month >= months.nps_month
),

counted as (
    select
        nps_month,
        nps_program,
        segment_name,
        segment_value,
        count(*) as answers,
        sum(is_nps_promoter) as promoters,
        sum(is_nps_passive) as passives,
        sum(is_nps_detractor) as detractors
    from answers_by_segment
    group by nps_month, nps_program, segment_name, segment_value
),

filled as (
    select
        grid.nps_month,
        grid.nps_program,
        grid.segment_name,
        grid.segment_value,
        cast(coalesce(counted.answers, 0) as bigint) as answers,
        cast(coalesce(counted.promoters, 0) as bigint) as promoters,
        cast(coalesce(counted.passives, 0) as bigint) as passives,
        cast(coalesce(counted.detractors, 0) as bigint) as detractors
    from grid
    left join counted
        on
            grid.nps_month = counted.nps_month
            and grid.nps_program = counted.nps_program
            and grid.segment_name = counted.segment_name
            and grid.segment_value = counted.segment_value
),

scored as (
    select
        *,
        case when answers > 0 then cast(promoters as double) / answers end as promoter_share,
        case when answers > 0 then cast(detractors as double) / answers end as detractor_share,
        case when answers > 0 then 100.0 * cast(promoters - detractors as double) / answers end as nps,
        {{ cx_nps_standard_error('promoters', 'detractors', 'answers') }} as nps_standard_error
    from filled
),

with_previous as (
    select
        *,
        lag(nps) over (
            partition by nps_program, segment_name, segment_value order by nps_month
        ) as previous_nps,
        lag(nps_standard_error) over (
            partition by nps_program, segment_name, segment_value order by nps_month
        ) as previous_nps_standard_error
    from scored
),

final as (
    select
        with_previous.nps_month,
        with_previous.nps_program,
        with_previous.segment_name,
        with_previous.segment_value,
        with_previous.answers,
        with_previous.promoters,
        with_previous.passives,
        with_previous.detractors,
        with_previous.promoter_share,
        with_previous.detractor_share,
        with_previous.nps,
        with_previous.nps_standard_error,
        case
            when with_previous.answers > 0
                then greatest(-100.0, with_previous.nps - 1.96 * with_previous.nps_standard_error)
        end as nps_ci95_low,
        case
            when with_previous.answers > 0
                then least(100.0, with_previous.nps + 1.96 * with_previous.nps_standard_error)
        end as nps_ci95_high,
        with_previous.answers < {{ var('cx_min_sample_size') }} as is_small_sample,
        with_previous.nps - with_previous.previous_nps as nps_change,
        {{ cx_change_is_significant(
            'with_previous.nps', 'with_previous.previous_nps',
            'with_previous.nps_standard_error', 'with_previous.previous_nps_standard_error'
        ) }} as is_change_significant,
        {{ cx_target_columns('with_previous.nps') }}
    from with_previous
    {{ cx_target_joins("with_previous.nps_program || '_nps'", 'with_previous') }}
)

select * from final
