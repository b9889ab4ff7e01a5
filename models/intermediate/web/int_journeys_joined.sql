{#-
    One row per (session, journey) started: the journey's tracked steps summarised (first
    and furthest step, errors) with the session's device, visitor and campaign, and the
    journey's last step from the catalogue. Events of a session missing from
    stg_web__sessions are kept with device `unknown` (DECISIONLOG.md#unknown-categories).
-#}
with

tracked_steps as (
    select * from {{ ref('int_journey_steps_tracked') }}
),

step_catalogue as (
    select * from {{ ref('int_journey_steps_defined') }}
),

sessions as (
    select * from {{ ref('stg_web__sessions') }}
),

journey_last_steps as (
    select distinct
        journey,
        last_step_index
    from step_catalogue
),

first_errors as (
    -- the first step (lowest index) at which the journey showed an error
    select
        journey_key,
        step_index as first_error_step_index,
        error_code as first_error_code,
        row_number() over (partition by journey_key order by step_index) as error_rank
    from tracked_steps
    where has_error = 1
),

journeys as (
    select
        tracked_steps.journey_key,
        tracked_steps.session_id,
        tracked_steps.journey,
        journey_last_steps.last_step_index,
        min(tracked_steps.reached_at) as started_at,
        max(tracked_steps.reached_at) as last_step_at,
        min(
            case when tracked_steps.step_index >= journey_last_steps.last_step_index then tracked_steps.reached_at end
        ) as last_step_reached_at,
        min(tracked_steps.step_index) as first_step_index,
        max(tracked_steps.step_index) as furthest_step_index,
        count(*) as tracked_steps,
        sum(tracked_steps.has_error) as error_steps
    from tracked_steps
    inner join journey_last_steps
        on tracked_steps.journey = journey_last_steps.journey
    group by
        tracked_steps.journey_key,
        tracked_steps.session_id,
        tracked_steps.journey,
        journey_last_steps.last_step_index
),

final as (
    select
        journeys.journey_key,
        journeys.session_id,
        sessions.customer_id,
        sessions.started_at as session_started_at,
        sessions.utm_source,
        journeys.journey,
        journeys.started_at,
        journeys.last_step_at,
        cast(journeys.first_step_index as integer) as first_step_index,
        cast(journeys.furthest_step_index as integer) as furthest_step_index,
        furthest_steps.step_name as furthest_step_name,
        journeys.last_step_index,
        journeys.last_step_reached_at,
        cast(journeys.tracked_steps as integer) as tracked_steps,
        cast(journeys.error_steps as integer) as error_steps,
        first_errors.first_error_step_index,
        first_errors.first_error_code,
        coalesce(sessions.device, 'unknown') as device
    from journeys
    left join sessions
        on journeys.session_id = sessions.session_id
    left join step_catalogue as furthest_steps
        on
            journeys.journey = furthest_steps.journey
            and journeys.furthest_step_index = furthest_steps.step_index
    left join first_errors
        on
            journeys.journey_key = first_errors.journey_key
            and first_errors.error_rank = 1
)

select * from final
