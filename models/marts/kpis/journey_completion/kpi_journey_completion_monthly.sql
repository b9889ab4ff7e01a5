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
        journey,
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

with_previous as (
    select
        *,
        {{ cx_share_with_previous(
            'completion_rate', 'journeys_started', ['journey', 'segment_name', 'segment_value']
        ) }}
    from scored
),

final as (
    select
        with_previous.kpi_month,
        with_previous.journey,
        with_previous.segment_name,
        with_previous.segment_value,
        with_previous.journeys_started,
        with_previous.journeys_completed,
        with_previous.journeys_with_error,
        with_previous.completion_rate,
        with_previous.completion_rate_ci95_low,
        with_previous.completion_rate_ci95_high,
        with_previous.is_small_sample,
        with_previous.completion_rate - with_previous.previous_share as completion_rate_change,
        {{ cx_change_is_significant(
            'with_previous.completion_rate', 'with_previous.previous_share',
            'with_previous.share_standard_error', 'with_previous.previous_share_standard_error'
        ) }} as is_change_significant,
        {{ cx_target_columns('with_previous.completion_rate') }}
    from with_previous
    {{ cx_target_joins("with_previous.journey || '_completion_rate'", 'with_previous') }}
)

select * from final
