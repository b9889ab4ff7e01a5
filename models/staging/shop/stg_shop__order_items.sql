with

base as (
    select * from {{ ref('base_shop__order_items') }}
),

final as (
    select
        order_item_id,
        order_id,
        product_line,
        sku,
        quantity,
        unit_price,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
