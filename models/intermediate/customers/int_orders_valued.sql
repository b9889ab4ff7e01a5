{#-
    One row per accepted order with its value: whether it was returned (status `returned` or
    an accepted return row), its gross revenue and its net revenue (macros
    cx_order_gross_revenue and cx_order_net_revenue: completed orders not returned).
    The order-level base of the historical CLV (int_customer_orders_summarised) and of the
    purchases the predicted CLV model learns from (ml_clv_customers).
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

final as (
    select
        *,
        {{ cx_order_gross_revenue('order_status', 'total_amount') }} as gross_revenue,
        {{ cx_order_net_revenue('order_status', 'is_returned', 'total_amount') }} as net_revenue
    from orders_flagged
)

select * from final
