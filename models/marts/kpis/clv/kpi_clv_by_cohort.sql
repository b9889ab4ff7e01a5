{#-
    Historical CLV by acquisition cohort (sign-up month) and segment: customers, mean and
    median historical CLV (EUR), with a 95% interval of the mean and a small-sample flag.
    Formula: metrics in clv.yml; row-level logic: dim_customers.historical_clv (macro
    cx_order_net_revenue). Predicted CLV: see the doc block kpi_clv_by_cohort.
-#}
with

customers as (
    select
        *,
        cast(historical_clv as double) as clv
    from {{ ref('dim_customers') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'customers', 'acquisition_cohort_month',
        var('cx_clv_segments'),
        {
            'customers': 'count(*)',
            'paying_customers': 'sum(case when clv > 0 then 1 else 0 end)',
            'clv_total': 'sum(clv)',
            'clv_median': cx_percentile('clv', 0.5),
            'clv_stddev': 'stddev_samp(clv)',
        },
        zero_fill=['customers', 'paying_customers'],
    ) }}
),

final as (
    select
        kpi_month as cohort_month,
        segment_name,
        segment_value,
        cast(customers as bigint) as customers,
        cast(paying_customers as bigint) as paying_customers,
        cast(clv_total as double) as historical_clv_total,
        case when customers > 0 then clv_total / customers end as historical_clv_mean,
        cast(clv_median as double) as historical_clv_median,
        case
            when customers > 1 then clv_total / customers - 1.96 * clv_stddev / sqrt(customers)
        end as historical_clv_mean_ci95_low,
        case
            when customers > 1 then clv_total / customers + 1.96 * clv_stddev / sqrt(customers)
        end as historical_clv_mean_ci95_high,
        customers < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
)

select * from final
