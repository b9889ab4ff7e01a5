{#-
    One row per journey started in a web/app session (session x journey), with journey
    completion computed once: a journey is completed when its furthest step reached is its
    last step (macro cx_journey_is_completed, macros/kpis/journey_completion.sql).
    Decision: DECISIONLOG.md#journey-completion.
-#}
with

journeys as (
    select * from {{ ref('int_journeys_joined') }}
),

final as (
    select
        journey_key,
        session_id,
        customer_id,
        case when customer_id is null then 'anonymous' else 'logged_in' end as visitor_type,
        journey,
        device,
        utm_source,
        started_at,
        cast({{ dbt.date_trunc('month', 'started_at') }} as date) as started_month,
        furthest_step_index,
        furthest_step_name,
        last_step_index,
        tracked_steps,
        {{ cx_journey_is_completed('furthest_step_index', 'last_step_index') }} as is_completed,
        last_step_reached_at as completed_at,
        cast({{ cx_duration_seconds('started_at', 'last_step_reached_at') }} as double) as completion_seconds,
        case when error_steps > 0 then 1 else 0 end as has_error,
        case when error_steps > 0 then 'with_error' else 'without_error' end as error_status,
        error_steps,
        first_error_step_index,
        first_error_code
    from journeys
)

select * from final
