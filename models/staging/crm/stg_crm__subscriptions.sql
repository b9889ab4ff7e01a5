with

base as (
    select * from {{ ref('base_crm__subscriptions') }}
),

final as (
    select
        subscription_id,
        customer_id,
        plan,
        monthly_fee,
        billing_period_days,
        started_at,
        cancelled_at,
        renewal_count,
        subscription_status,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
