{#-
    Referral rate by month and segment: customers active in the month who successfully
    referred a new customer in it / customers active in the month (a share, 0-1), with the
    number of successful referrals, sample size, a 95% Wilson interval, the change from the
    previous month and the target range. Formula: metrics in referral.yml; row-level logic:
    fct_customer_months (is_referrer, from int_referral_redemptions_joined).
-#}
with

customer_months as (
    select * from {{ ref('fct_customer_months') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'customer_months', 'customer_month',
        var('cx_referral_segments'),
        {
            'active_customers': 'count(distinct customer_id)',
            'referring_customers': 'count(distinct case when is_referrer = 1 then customer_id end)',
            'successful_referrals': 'sum(successful_referrals)',
        },
        zero_fill=['active_customers', 'referring_customers', 'successful_referrals'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(active_customers as bigint) as active_customers,
        cast(referring_customers as bigint) as referring_customers,
        cast(successful_referrals as bigint) as successful_referrals,
        case when active_customers > 0 then cast(referring_customers as double) / active_customers end as referral_rate,
        {{ cx_share_ci95('referring_customers', 'active_customers', 'low') }} as referral_rate_ci95_low,
        {{ cx_share_ci95('referring_customers', 'active_customers', 'high') }} as referral_rate_ci95_high,
        active_customers < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'referral_rate', 'referral_rate',
        standard_error=cx_share_standard_error('referral_rate', 'active_customers'),
        change_column='referral_rate_change',
    ) }}
)

select * from final
