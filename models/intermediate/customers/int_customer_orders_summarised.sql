{#-
    One row per customer with at least one accepted order: order counts, first and last
    order, and the historical value (macro cx_order_net_revenue: completed orders that were
    not returned; gross = completed + returned; returned = gross - net).
    Decision: DECISIONLOG.md#clv-historical.
-#}
with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

order_returns as (
    select * from {{ ref('stg_shop__returns') }}
),

returned_orders as (
    select distinct order_id
    from order_returns
),

orders_flagged as (
    select
        orders.order_id,
        orders.customer_id,
        orders.ordered_at,
        orders.order_status,
        orders.total_amount,
        (orders.order_status = 'returned' or returned_orders.order_id is not null) as is_returned
    from orders
    left join returned_orders
        on orders.order_id = returned_orders.order_id
),

valued as (
    select
        *,
        {{ cx_order_gross_revenue('order_status', 'total_amount') }} as gross_revenue,
        {{ cx_order_net_revenue('order_status', 'is_returned', 'total_amount') }} as net_revenue
    from orders_flagged
),

final as (
    select
        customer_id,
        cast(count(*) as integer) as orders_count,
        cast(sum(case when order_status = 'completed' and not is_returned then 1 else 0 end) as integer)
            as kept_orders_count,
        cast(sum(case when is_returned and order_status != 'cancelled' then 1 else 0 end) as integer)
            as returned_orders_count,
        cast(sum(case when order_status = 'cancelled' then 1 else 0 end) as integer) as cancelled_orders_count,
        cast(sum(gross_revenue) as decimal(18, 2)) as gross_revenue,
        cast(sum(gross_revenue) - sum(net_revenue) as decimal(18, 2)) as returned_revenue,
        cast(sum(net_revenue) as decimal(18, 2)) as historical_clv,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at
    from valued
    group by customer_id
)

select * from final
