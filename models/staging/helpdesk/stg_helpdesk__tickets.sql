with

base as (
    select * from {{ ref('base_helpdesk__tickets') }}
),

final as (
    select
        ticket_id,
        customer_id,
        ticket_channel,
        issue_type,
        priority,
        ticket_status,
        order_id,
        subject,
        created_at,
        updated_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
