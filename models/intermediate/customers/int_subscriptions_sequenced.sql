{#-
    One row per accepted subscription, with the activity spell of its customer it belongs to
    (macro cx_starts_new_activity_spell: subscriptions within var cx_churn_grace_days of each
    other are one spell) and the time the CRM data is complete up to (`data_as_of`, the
    latest CRM landing), which bounds open subscriptions, customer-months and renewal terms.
    Decision: DECISIONLOG.md#churn.
-#}
with

subscriptions as (
    select * from {{ ref('stg_crm__subscriptions') }}
),

customers as (
    select * from {{ ref('stg_crm__customers') }}
),

crm_landings as (
    select loaded_at from subscriptions
    union all
    select loaded_at from customers
),

data_as_of as (
    -- the latest landing of the CRM feed: "now" for the data, the same on every engine
    select max(loaded_at) as data_as_of from crm_landings
),

flagged as (
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
        {{ cx_starts_new_activity_spell('customer_id', 'started_at', 'cancelled_at', 'subscription_id') }}
            as starts_new_spell
    from subscriptions
),

final as (
    select
        flagged.subscription_id,
        flagged.customer_id,
        flagged.plan,
        flagged.monthly_fee,
        flagged.billing_period_days,
        {{ cx_billing_period('flagged.billing_period_days') }} as billing_period,
        flagged.started_at,
        flagged.cancelled_at,
        flagged.renewal_count,
        flagged.subscription_status,
        flagged.starts_new_spell,
        cast(sum(flagged.starts_new_spell) over (
            partition by flagged.customer_id
            order by flagged.started_at, flagged.subscription_id
            rows between unbounded preceding and current row
        ) as integer) as spell_number,
        data_as_of.data_as_of
    from flagged
    cross join data_as_of
)

select * from final
