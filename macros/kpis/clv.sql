{#-
    Historical CLV row-level logic, defined once (DECISIONLOG.md#clv-historical).

    An order's contribution to the customer's historical value: its total when the shop
    reports it `completed` and it was not returned (no return row), else 0. Cancelled
    orders never brought revenue; returned orders (status `returned` or any accepted return
    row, completed or still in progress) were refunded; orders of `unknown` status are left
    out until their status is known. Amounts are in the order currency (EUR in the demo).
-#}
{% macro cx_order_net_revenue(order_status, is_returned, total_amount) -%}
    case
        when {{ order_status }} = 'completed' and not {{ is_returned }} then {{ total_amount }}
        else 0
    end
{%- endmacro %}

{#- An order's gross revenue: its total unless cancelled or of unknown status. -#}
{% macro cx_order_gross_revenue(order_status, total_amount) -%}
    case
        when {{ order_status }} in ('completed', 'returned') then {{ total_amount }}
        else 0
    end
{%- endmacro %}
