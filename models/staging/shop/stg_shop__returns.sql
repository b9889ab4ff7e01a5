with

base as (
    select * from {{ ref('base_shop__returns') }}
),

final as (
    select
        return_id,
        order_id,
        return_reason,
        requested_at,
        completed_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
