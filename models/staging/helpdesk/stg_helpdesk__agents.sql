with

base as (
    select * from {{ ref('base_helpdesk__agents') }}
),

final as (
    select
        agent_id,
        coalesce(account_name, 'unknown') as account_name,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
