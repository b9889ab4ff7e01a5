with

base as (
    select * from {{ ref('base_shop__payments') }}
),

final as (
    select
        payment_id,
        order_id,
        payment_method,
        payment_amount,
        payment_status,
        attempted_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
