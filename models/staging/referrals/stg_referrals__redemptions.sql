with

base as (
    select * from {{ ref('base_referrals__redemptions') }}
),

final as (
    select
        redemption_id,
        referral_code,
        referred_customer_id,
        redeemed_at,
        redemption_status,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
