{#-
    One row per activity spell of a customer: an unbroken stretch of membership made of one
    or more subscriptions (int_subscriptions_sequenced). The spell ends when its last
    subscription is cancelled and no other one follows within var cx_churn_grace_days; that
    end is the customer's churn. A customer who comes back later starts a new spell (a
    reactivation). Decision: DECISIONLOG.md#churn.
-#}
with

subscriptions as (
    select * from {{ ref('int_subscriptions_sequenced') }}
),

spells as (
    select
        customer_id,
        spell_number,
        min(started_at) as spell_started_at,
        -- open while any of its subscriptions is still active
        case
            when max(case when cancelled_at is null then 1 else 0 end) = 0 then max(cancelled_at)
        end as spell_ended_at,
        count(*) as subscriptions,
        max(data_as_of) as data_as_of
    from subscriptions
    group by customer_id, spell_number
),

final as (
    select
        {{ dbt.concat(["cast(customer_id as string)", "'-'", "cast(spell_number as string)"]) }} as spell_key,
        customer_id,
        spell_number,
        spell_started_at,
        spell_ended_at,
        cast(subscriptions as integer) as subscriptions,
        -- a churn less than the grace period before the data's end may still be undone
        coalesce(
            {{ cx_duration_seconds('spell_ended_at', 'data_as_of') }} < {{ var('cx_churn_grace_days') }} * 86400,
            false
        ) as is_end_provisional,
        data_as_of
    from spells
)

select * from final
