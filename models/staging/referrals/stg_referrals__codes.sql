with

base as (
    select * from {{ ref('base_referrals__codes') }}
),

final as (
    select
        referral_code,
        referrer_customer_id,
        issued_at,
        referral_channel,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
