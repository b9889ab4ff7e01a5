{#-
    Step-by-step drop-off of each journey by month the journey started and segment: one row
    per (month, journey, step, segment_name, segment_value) with the sessions that reached
    the step, the share of the previous step and the share of the journey's starts, and how
    often visitors went on after an error at the step versus without one. A step is
    reached when it or a later step was tracked (fct_journey_steps), so the funnel never
    rises. Months and segment values are those of kpi_journey_completion_monthly, whose
    journeys_started is the funnel's start; a step nobody reached is a row with 0 sessions.
    DECISIONLOG.md#journey-completion.
-#}
with

completion as (
    select * from {{ ref('kpi_journey_completion_monthly') }}
),

step_catalogue as (
    select * from {{ ref('int_journey_steps_defined') }}
),

journey_steps as (
    select * from {{ ref('fct_journey_steps') }}
),

grid as (
    select
        completion.kpi_month,
        completion.journey as kpi_partition,
        step_catalogue.step_index,
        step_catalogue.step_name,
        step_catalogue.is_last_step,
        completion.segment_name,
        completion.segment_value,
        completion.journeys_started,
        completion.journeys_completed
    from completion
    inner join step_catalogue
        on completion.journey = step_catalogue.journey
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'journey_steps', 'started_month', cx_journey_segments(),
        {
            'sessions_reached': 'count(*)',
            'sessions_with_error': 'sum(has_error_at_step)',
            'sessions_continued': 'sum(is_continued)',
            'sessions_with_error_continued': 'sum(is_continued * has_error_at_step)',
        },
        zero_fill=['sessions_reached', 'sessions_with_error', 'sessions_continued', 'sessions_with_error_continued'],
        partition_column='journey',
        keys=['step_index'],
        grid='grid',
    ) }}
),

counted as (
    select
        kpi_month,
        kpi_partition as journey,
        step_index,
        step_name,
        is_last_step,
        segment_name,
        segment_value,
        journeys_started,
        journeys_completed,
        cast(sessions_reached as bigint) as sessions_reached,
        cast(sessions_with_error as bigint) as sessions_with_error,
        cast(sessions_continued as bigint) as sessions_continued,
        cast(sessions_with_error_continued as bigint) as sessions_with_error_continued
    from by_segment
),

with_previous as (
    select
        *,
        lag(sessions_reached) over (
            partition by kpi_month, journey, segment_name, segment_value order by step_index
        ) as sessions_at_previous_step
    from counted
),

final as (
    select
        kpi_month,
        journey,
        step_index,
        step_name,
        is_last_step,
        segment_name,
        segment_value,
        journeys_started,
        journeys_completed,
        sessions_reached,
        cast(sessions_at_previous_step as bigint) as sessions_at_previous_step,
        cast(sessions_at_previous_step - sessions_reached as bigint) as sessions_dropped,
        case
            when sessions_at_previous_step > 0 then cast(sessions_reached as double) / sessions_at_previous_step
        end as share_of_previous_step,
        case when journeys_started > 0 then cast(sessions_reached as double) / journeys_started end as share_of_start,
        sessions_with_error,
        case
            when not is_last_step and sessions_with_error > 0
                then cast(sessions_with_error_continued as double) / sessions_with_error
        end as share_continued_after_error,
        case
            when not is_last_step and sessions_reached - sessions_with_error > 0
                then
                    cast(sessions_continued - sessions_with_error_continued as double)
                    / (sessions_reached - sessions_with_error)
        end as share_continued_without_error,
        journeys_started < {{ var('cx_min_sample_size') }} as is_small_sample
    from with_previous
)

select * from final
