{#-
    The step catalogue of every instrumented journey: one row per (journey, step_index)
    ever tracked, with the step's name and whether it is the journey's last step (reaching
    it completes the journey). The last step is var cx_journey_last_step_index for the
    journey when set, else the highest step_index tracked for it (macro
    cx_journey_last_step_index, DECISIONLOG.md#journey-completion).
-#}
with

tracked_steps as (
    select * from {{ ref('int_journey_steps_tracked') }}
),

step_names as (
    -- the most frequent name tracked at each step (ties: alphabetical)
    select
        journey,
        step_index,
        step_name,
        row_number() over (
            partition by journey, step_index order by count(*) desc, step_name
        ) as name_rank
    from tracked_steps
    where step_name is not null
    group by journey, step_index, step_name
),

steps as (
    select
        journey,
        step_index,
        count(*) as sessions_tracked
    from tracked_steps
    group by journey, step_index
),

journey_last_steps as (
    select
        journey,
        {{ cx_journey_last_step_index('journey', 'max(step_index)') }} as last_step_index
    from tracked_steps
    group by journey
),

final as (
    select
        steps.journey,
        steps.step_index,
        cast(journey_last_steps.last_step_index as integer) as last_step_index,
        cast(steps.sessions_tracked as bigint) as sessions_tracked,
        coalesce(step_names.step_name, 'step_' || cast(steps.step_index as string)) as step_name,
        steps.step_index = journey_last_steps.last_step_index as is_last_step
    from steps
    inner join journey_last_steps
        on steps.journey = journey_last_steps.journey
    left join step_names
        on
            steps.journey = step_names.journey
            and steps.step_index = step_names.step_index
            and step_names.name_rank = 1
)

select * from final
