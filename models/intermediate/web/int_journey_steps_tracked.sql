{#-
    One row per (session, journey, step) tracked: the journey step events of
    stg_web__events collapsed per step (a step tracked twice, e.g. after an error and a
    retry, is one row). Events without a journey or a step index >= 1 cannot be placed in a
    funnel and are left out (DECISIONLOG.md#journey-completion).
-#}
with

events as (
    select * from {{ ref('stg_web__events') }}
    where
        journey is not null
        and step_index >= 1
),

ranked_errors as (
    -- the first error shown at the step
    select
        session_id,
        journey,
        step_index,
        error_code,
        row_number() over (
            partition by session_id, journey, step_index order by occurred_at, web_event_id
        ) as error_rank
    from events
    where is_error
),

grouped_steps as (
    select
        session_id,
        journey,
        step_index,
        min(step_name) as step_name,
        count(*) as step_events,
        min(occurred_at) as reached_at,
        max(case when is_error then 1 else 0 end) as has_error
    from events
    group by session_id, journey, step_index
),

steps as (
    select
        *,
        cast(session_id as string) || ':' || journey || ':' || cast(step_index as string) as journey_step_key,
        cast(session_id as string) || ':' || journey as journey_key
    from grouped_steps
),

final as (
    select
        steps.journey_step_key,
        steps.journey_key,
        steps.session_id,
        steps.journey,
        steps.step_index,
        steps.step_name,
        cast(steps.step_events as integer) as step_events,
        steps.reached_at,
        cast(steps.has_error as integer) as has_error,
        ranked_errors.error_code
    from steps
    left join ranked_errors
        on
            steps.session_id = ranked_errors.session_id
            and steps.journey = ranked_errors.journey
            and steps.step_index = ranked_errors.step_index
            and ranked_errors.error_rank = 1
)

select * from final
