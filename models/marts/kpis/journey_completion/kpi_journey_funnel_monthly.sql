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
{%- set segments = cx_journey_segments() -%}

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

steps_by_segment as (
    select
        started_month as kpi_month,
        journey,
        step_index,
        is_continued,
        has_error_at_step,
        'all' as segment_name,
        'all' as segment_value
    from journey_steps
    {%- for segment in segments %}
        union all
        select
            started_month as kpi_month,
            journey,
            step_index,
            is_continued,
            has_error_at_step,
            '{{ segment }}' as segment_name,
            coalesce(cast({{ segment }} as string), 'unknown') as segment_value
        from journey_steps
    {%- endfor %}
),

step_counts as (
    select
        kpi_month,
        journey,
        step_index,
        segment_name,
        segment_value,
        count(*) as sessions_reached,
        sum(has_error_at_step) as sessions_with_error,
        sum(is_continued) as sessions_continued,
        sum(is_continued * has_error_at_step) as sessions_with_error_continued
    from steps_by_segment
    group by kpi_month, journey, step_index, segment_name, segment_value
),

grid as (
    select
        completion.kpi_month,
        completion.journey,
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

filled as (
    select
        grid.*,
        cast(coalesce(step_counts.sessions_reached, 0) as bigint) as sessions_reached,
        cast(coalesce(step_counts.sessions_with_error, 0) as bigint) as sessions_with_error,
        cast(coalesce(step_counts.sessions_continued, 0) as bigint) as sessions_continued,
        cast(coalesce(step_counts.sessions_with_error_continued, 0) as bigint) as sessions_with_error_continued
    from grid
    left join step_counts
        on
            grid.kpi_month = step_counts.kpi_month
            and grid.journey = step_counts.journey
            and grid.step_index = step_counts.step_index
            and grid.segment_name = step_counts.segment_name
            and grid.segment_value = step_counts.segment_value
),

with_previous as (
    select
        *,
        lag(sessions_reached) over (
            partition by kpi_month, journey, segment_name, segment_value order by step_index
        ) as sessions_at_previous_step
    from filled
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
