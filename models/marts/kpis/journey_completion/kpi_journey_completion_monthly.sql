{#-
    Journey completion rate by month the journey started, journey and segment: journeys
    that reached their last step / journeys started, with the sample size, a 95% Wilson
    interval and the change from the previous month. Journeys are never mixed (partition
    `journey`). Row-level logic: fct_journeys.is_completed (macros/kpis/journey_completion.sql);
    formula: the <journey>_completion_rate metrics in journey_completion.yml.
    DECISIONLOG.md#journey-completion.
-#}
with

journeys as (
    select * from {{ ref('fct_journeys') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'journeys', 'started_month', cx_journey_segments(),
        {
            'journeys_started': 'count(*)',
            'journeys_completed': 'sum(is_completed)',
            'journeys_with_error': 'sum(has_error)',
        },
        zero_fill=['journeys_started', 'journeys_completed', 'journeys_with_error'],
        partition_column='journey',
    ) }}
),

scored as (
    select
        kpi_month,
        kpi_partition as journey,
        segment_name,
        segment_value,
        cast(journeys_started as bigint) as journeys_started,
        cast(journeys_completed as bigint) as journeys_completed,
        cast(journeys_with_error as bigint) as journeys_with_error,
        case
            when journeys_started > 0 then cast(journeys_completed as double) / journeys_started
        end as completion_rate,
        {{ cx_share_ci95('journeys_completed', 'journeys_started', 'low') }} as completion_rate_ci95_low,
        {{ cx_share_ci95('journeys_completed', 'journeys_started', 'high') }} as completion_rate_ci95_high,
        journeys_started < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'completion_rate', 'completion_rate',
        standard_error=cx_share_standard_error('completion_rate', 'journeys_started'),
        change_column='completion_rate_change',
        partition_column='journey',
    ) }}
)

select * from final
