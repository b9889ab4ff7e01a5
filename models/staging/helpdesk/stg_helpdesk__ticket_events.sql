with

base as (
    select * from {{ ref('base_helpdesk__ticket_events') }}
),

final as (
    select
        ticket_event_id,
        ticket_id,
        event_type,
        author_type,
        agent_id,
        new_status,
        body_text,
        created_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
