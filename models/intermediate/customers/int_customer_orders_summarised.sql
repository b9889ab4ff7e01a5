{#-
    One row per customer with at least one accepted order: order counts, first and last
    order, and the historical value (order values from int_orders_valued, macro
    cx_order_net_revenue: completed orders that were not returned; gross = completed +
    returned; returned = gross - net).
    Decision: DECISIONLOG.md#clv-historical.
-#}
with

valued as (
    select * from {{ ref('int_orders_valued') }}
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
