with

base as (
    select * from {{ ref('base_helpdesk__agents') }}
),

final as (
    select
        agent_id,
        loaded_at,
        coalesce(account_name, 'unknown') as account_name
    from base
    where reject_reason is null
)

select * from final
