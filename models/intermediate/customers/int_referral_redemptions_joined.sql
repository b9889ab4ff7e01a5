{#-
    One row per accepted referral redemption with the customer who referred (the holder of
    the code) and whether it counts as a successful referral: its status is one of var
    cx_referral_success_statuses. Redemptions of an unknown code keep
    a null referrer. Decision: DECISIONLOG.md#referral-rate.
-#}
with

redemptions as (
    select * from {{ ref('stg_referrals__redemptions') }}
),

codes as (
    select * from {{ ref('stg_referrals__codes') }}
),

final as (
    select
        redemptions.redemption_id,
        redemptions.referral_code,
        codes.referrer_customer_id,
        redemptions.referred_customer_id,
        redemptions.redeemed_at,
        cast({{ dbt.date_trunc('month', 'redemptions.redeemed_at') }} as date) as redeemed_month,
        redemptions.redemption_status,
        case
            when redemptions.redemption_status in (
                {%- for s in var('cx_referral_success_statuses') %}'{{ s }}'{{ ", " if not loop.last }}{% endfor -%}
            ) then 1
            else 0
        end as is_successful
    from redemptions
    left join codes
        on redemptions.referral_code = codes.referral_code
)

select * from final
