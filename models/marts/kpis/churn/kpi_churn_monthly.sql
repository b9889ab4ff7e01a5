{#-
    Churn by month and segment: customers lost in the month / customers active at its start
    (a share, 0-1), with the flows (new, reactivated), sample size, a 95% Wilson interval,
    the change from the previous month and the target range. Formula: metrics in churn.yml;
    row-level logic: fct_customer_months (macro cx_starts_new_activity_spell).
-#}
with

customer_months as (
    select * from {{ ref('fct_customer_months') }}
),

month_status as (
    -- only the month of data_as_of can be incomplete; it always has customer-months
    select
        customer_month,
        min(case when is_month_complete then 1 else 0 end) as month_complete
    from customer_months
    group by customer_month
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'customer_months', 'customer_month',
        var('cx_churn_segments'),
        {
            'customers_at_start': 'sum(is_active_at_start)',
            'customers_lost': 'sum(is_lost)',
            'customers_lost_provisional': 'sum(is_lost_provisional)',
            'new_customers': 'sum(is_new)',
            'reactivated_customers': 'sum(is_reactivated)',
        },
        zero_fill=[
            'customers_at_start', 'customers_lost', 'customers_lost_provisional',
            'new_customers', 'reactivated_customers',
        ],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(customers_at_start as bigint) as customers_at_start,
        cast(customers_lost as bigint) as customers_lost,
        cast(customers_lost_provisional as bigint) as customers_lost_provisional,
        cast(new_customers as bigint) as new_customers,
        cast(reactivated_customers as bigint) as reactivated_customers,
        case when customers_at_start > 0 then cast(customers_lost as double) / customers_at_start end as churn_rate,
        {{ cx_share_ci95('customers_lost', 'customers_at_start', 'low') }} as churn_rate_ci95_low,
        {{ cx_share_ci95('customers_lost', 'customers_at_start', 'high') }} as churn_rate_ci95_high,
        customers_at_start < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

flagged as (
    select
        scored.*,
        coalesce(month_status.month_complete, 1) = 1 as is_month_complete
    from scored
    left join month_status
        on scored.kpi_month = month_status.customer_month
),

final as (
    {{ cx_kpi_change_and_targets(
        'flagged', 'churn_rate', 'churn_rate',
        standard_error=cx_share_standard_error('churn_rate', 'customers_at_start'),
        change_column='churn_rate_change',
    ) }}
)

select * from final
