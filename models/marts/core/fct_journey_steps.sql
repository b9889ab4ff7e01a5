{#-
    One row per step reached of each journey started (the funnel at its finest grain): every
    step of the journey's catalogue up to the furthest step tracked in the session, whether
    or not the step's own event was tracked. Step order is step_index
    (DECISIONLOG.md#journey-completion).
-#}
with

journeys as (
    select * from {{ ref('fct_journeys') }}
),

step_catalogue as (
    select * from {{ ref('int_journey_steps_defined') }}
),

tracked_steps as (
    select * from {{ ref('int_journey_steps_tracked') }}
),

reached_steps as (
    select
        journeys.journey_key,
        journeys.session_id,
        journeys.journey,
        step_catalogue.step_index,
        step_catalogue.step_name,
        step_catalogue.is_last_step,
        journeys.device,
        journeys.error_status,
        journeys.started_at,
        journeys.started_month,
        tracked_steps.reached_at,
        tracked_steps.error_code,
        case when tracked_steps.journey_step_key is not null then 1 else 0 end as is_tracked,
        case when journeys.furthest_step_index > step_catalogue.step_index then 1 else 0 end as is_continued,
        coalesce(tracked_steps.has_error, 0) as has_error_at_step,
        journeys.journey_key || ':' || cast(step_catalogue.step_index as string) as journey_step_key
    from journeys
    inner join step_catalogue
        on
            journeys.journey = step_catalogue.journey
            and journeys.furthest_step_index >= step_catalogue.step_index
    left join tracked_steps
        on
            journeys.journey_key = tracked_steps.journey_key
            and step_catalogue.step_index = tracked_steps.step_index
),

final as (
    select
        journey_step_key,
        journey_key,
        session_id,
        journey,
        step_index,
        step_name,
        is_last_step,
        device,
        error_status,
        started_at,
        started_month,
        reached_at,
        is_tracked,
        is_continued,
        has_error_at_step,
        error_code
    from reached_steps
)

select * from final
