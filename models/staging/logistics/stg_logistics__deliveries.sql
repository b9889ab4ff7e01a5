with

base as (
    select * from {{ ref('base_logistics__deliveries') }}
),

final as (
    select
        delivery_id,
        order_id,
        carrier,
        shipped_at,
        promised_date,
        delivered_at,
        delivery_status,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
