{#-
    One row per customer and calendar month in which the customer was an active member at
    some point (an activity spell overlaps the month), from the first spell's month to the
    month of data_as_of. Flags say whether the customer was active at the start of the
    month (the churn base), was lost in it (the spell active at the start ended within the
    month: churn), joined or came back in it, and how many successful referrals they made
    in it. Segments are the customer's current CRM values, the acquisition cohort and the
    plan in the month. The semantic model `customer_months` sits on it; the churn and
    referral marts aggregate it. Decisions: DECISIONLOG.md#churn, #referral-rate.
-#}
with

spells as (
    select * from {{ ref('int_customer_spells_merged') }}
),

subscriptions as (
    select * from {{ ref('int_subscriptions_sequenced') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

redemptions as (
    select * from {{ ref('int_referral_redemptions_joined') }}
    where is_successful = 1 and referrer_customer_id is not null
),

calendar as (
    select * from {{ ref('metricflow_time_spine') }}
),

months as (
    select distinct cast({{ dbt.date_trunc('month', 'date_day') }} as date) as customer_month
    from calendar
),

month_bounds as (
    select
        customer_month,
        cast(customer_month as timestamp) as month_start_at,
        cast({{ dbt.dateadd('month', 1, 'customer_month') }} as timestamp) as next_month_start_at
    from months
),

spell_months as (
    -- a spell is in a month when it began before the month ended and ended after it began
    select
        spells.customer_id,
        spells.spell_number,
        spells.spell_started_at,
        spells.spell_ended_at,
        spells.is_end_provisional,
        spells.data_as_of,
        month_bounds.customer_month,
        month_bounds.month_start_at,
        month_bounds.next_month_start_at
    from spells
    inner join month_bounds
        on
            spells.spell_started_at < month_bounds.next_month_start_at
            and (spells.spell_ended_at is null or spells.spell_ended_at > month_bounds.month_start_at)
            and spells.data_as_of > month_bounds.month_start_at
),

spell_month_flags as (
    select
        customer_id,
        customer_month,
        month_start_at,
        next_month_start_at,
        data_as_of,
        case when spell_started_at < month_start_at then 1 else 0 end as is_active_at_start,
        case
            when spell_started_at < month_start_at and spell_ended_at <= next_month_start_at then 1 else 0
        end as is_lost,
        case
            when spell_started_at < month_start_at and spell_ended_at <= next_month_start_at and is_end_provisional
                then 1
            else 0
        end as is_lost_provisional,
        case when spell_number = 1 and spell_started_at >= month_start_at then 1 else 0 end as is_new,
        case when spell_number > 1 and spell_started_at >= month_start_at then 1 else 0 end as is_reactivated
    from spell_months
),

customer_months as (
    -- spells of a customer do not overlap: at most one is active at the start of a month
    select
        customer_id,
        customer_month,
        max(month_start_at) as month_start_at,
        max(next_month_start_at) as next_month_start_at,
        max(data_as_of) as data_as_of,
        max(is_active_at_start) as is_active_at_start,
        max(is_lost) as is_lost,
        max(is_lost_provisional) as is_lost_provisional,
        max(is_new) as is_new,
        max(is_reactivated) as is_reactivated
    from spell_month_flags
    group by customer_id, customer_month
),

month_plans as (
    -- the subscription active at the start of the month, else the latest started in it
    select
        customer_months.customer_id,
        customer_months.customer_month,
        subscriptions.plan,
        row_number() over (
            partition by customer_months.customer_id, customer_months.customer_month
            order by
                case
                    when
                        subscriptions.started_at < customer_months.month_start_at
                        and (
                            subscriptions.cancelled_at is null
                            or subscriptions.cancelled_at > customer_months.month_start_at
                        )
                        then 0
                    else 1
                end,
                subscriptions.started_at desc,
                subscriptions.subscription_id desc
        ) as plan_rank
    from customer_months
    inner join subscriptions
        on
            customer_months.customer_id = subscriptions.customer_id
            and customer_months.next_month_start_at > subscriptions.started_at
),

referrals_by_month as (
    select
        referrer_customer_id as customer_id,
        redeemed_month as customer_month,
        count(*) as successful_referrals
    from redemptions
    group by referrer_customer_id, redeemed_month
),

final as (
    select
        {{ dbt.concat([
            "cast(customer_months.customer_id as string)", "'-'",
            "substring(cast(customer_months.customer_month as string), 1, 7)",
        ]) }} as customer_month_key,
        customer_months.customer_id,
        customer_months.customer_month,
        coalesce(month_plans.plan, 'unknown') as plan,
        coalesce(customers.region, 'unknown') as region,
        coalesce(customers.language_code, 'unknown') as language_code,
        coalesce(customers.value_tier, 'unknown') as value_tier,
        coalesce(customers.acquisition_channel, 'unknown') as acquisition_channel,
        coalesce(customers.acquisition_cohort, 'unknown') as acquisition_cohort,
        cast(customer_months.is_active_at_start as integer) as is_active_at_start,
        cast(customer_months.is_lost as integer) as is_lost,
        cast(customer_months.is_lost_provisional as integer) as is_lost_provisional,
        cast(customer_months.is_new as integer) as is_new,
        cast(customer_months.is_reactivated as integer) as is_reactivated,
        cast(coalesce(referrals_by_month.successful_referrals, 0) as integer) as successful_referrals,
        case when referrals_by_month.successful_referrals > 0 then 1 else 0 end as is_referrer,
        customer_months.next_month_start_at <= customer_months.data_as_of as is_month_complete
    from customer_months
    left join month_plans
        on
            customer_months.customer_id = month_plans.customer_id
            and customer_months.customer_month = month_plans.customer_month
            and month_plans.plan_rank = 1
    left join customers
        on customer_months.customer_id = customers.customer_id
    left join referrals_by_month
        on
            customer_months.customer_id = referrals_by_month.customer_id
            and customer_months.customer_month = referrals_by_month.customer_month
)

select * from final
