with

base as (
    select * from {{ ref('base_web__events') }}
),

final as (
    select
        web_event_id,
        session_id,
        event_name,
        journey,
        step_name,
        step_index,
        is_error,
        error_code,
        occurred_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
