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
        var('cx_referral_segments', ['region', 'value_tier', 'acquisition_channel']),
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

with_previous as (
    select
        *,
        {{ cx_share_with_previous('referral_rate', 'active_customers') }}
    from scored
),

final as (
    select
        with_previous.kpi_month,
        with_previous.segment_name,
        with_previous.segment_value,
        with_previous.active_customers,
        with_previous.referring_customers,
        with_previous.successful_referrals,
        with_previous.referral_rate,
        with_previous.referral_rate_ci95_low,
        with_previous.referral_rate_ci95_high,
        with_previous.is_small_sample,
        with_previous.referral_rate - with_previous.previous_share as referral_rate_change,
        {{ cx_change_is_significant(
            'with_previous.referral_rate', 'with_previous.previous_share',
            'with_previous.share_standard_error', 'with_previous.previous_share_standard_error'
        ) }} as is_change_significant,
        {{ cx_target_columns('with_previous.referral_rate') }}
    from with_previous
    {{ cx_target_joins("'referral_rate'", 'with_previous') }}
)

select * from final
