with

base as (
    select * from {{ ref('base_shop__orders') }}
),

final as (
    select
        order_id,
        customer_id,
        ordered_at,
        order_status,
        sales_channel,
        device,
        currency_code,
        total_amount,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
