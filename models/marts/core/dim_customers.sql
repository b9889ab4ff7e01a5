{#-
    One row per customer in the CRM: the segments (current CRM values), the acquisition
    cohort (sign-up month), membership status from the activity spells, and the order
    history with the historical CLV (macro cx_order_net_revenue, via
    int_customer_orders_summarised). No PII. The semantic model `customers` (entity
    `customer`) sits on it, so every fact's `customer` foreign entity can use its segments.
    Decisions: DECISIONLOG.md#clv-historical, #churn, #nps-segments.
-#}
with

customers as (
    select * from {{ ref('stg_crm__customers') }}
),

order_summaries as (
    select * from {{ ref('int_customer_orders_summarised') }}
),

spells as (
    select * from {{ ref('int_customer_spells_merged') }}
),

subscriptions as (
    select * from {{ ref('int_subscriptions_sequenced') }}
),

spell_summaries as (
    select
        customer_id,
        min(spell_started_at) as first_subscribed_at,
        max(case when spell_ended_at is null or spell_ended_at > data_as_of then 1 else 0 end) as is_active,
        sum(case when spell_ended_at <= data_as_of then 1 else 0 end) as times_churned,
        max(case when spell_ended_at <= data_as_of then spell_ended_at end) as last_churned_at
    from spells
    group by customer_id
),

latest_subscriptions as (
    select
        customer_id,
        plan,
        row_number() over (
            partition by customer_id order by started_at desc, subscription_id desc
        ) as recency_rank
    from subscriptions
),

final as (
    select
        customers.customer_id,
        customers.region,
        customers.language_code,
        customers.value_tier,
        customers.acquisition_channel,
        customers.signed_up_at,
        cast({{ dbt.date_trunc('month', 'customers.signed_up_at') }} as date) as acquisition_cohort_month,
        substring(cast(cast({{ dbt.date_trunc('month', 'customers.signed_up_at') }} as date) as string), 1, 7)
            as acquisition_cohort,
        case
            when spell_summaries.customer_id is null then 'never_subscribed'
            when spell_summaries.is_active = 1 then 'active'
            else 'churned'
        end as customer_status,
        spell_summaries.first_subscribed_at,
        spell_summaries.last_churned_at,
        cast(coalesce(spell_summaries.times_churned, 0) as integer) as times_churned,
        latest_subscriptions.plan as latest_plan,
        order_summaries.first_order_at,
        order_summaries.last_order_at,
        cast(coalesce(order_summaries.orders_count, 0) as integer) as orders_count,
        cast(coalesce(order_summaries.kept_orders_count, 0) as integer) as kept_orders_count,
        cast(coalesce(order_summaries.returned_orders_count, 0) as integer) as returned_orders_count,
        cast(coalesce(order_summaries.cancelled_orders_count, 0) as integer) as cancelled_orders_count,
        cast(coalesce(order_summaries.gross_revenue, 0) as decimal(18, 2)) as gross_revenue,
        cast(coalesce(order_summaries.returned_revenue, 0) as decimal(18, 2)) as returned_revenue,
        cast(coalesce(order_summaries.historical_clv, 0) as decimal(18, 2)) as historical_clv
    from customers
    left join order_summaries
        on customers.customer_id = order_summaries.customer_id
    left join spell_summaries
        on customers.customer_id = spell_summaries.customer_id
    left join latest_subscriptions
        on
            customers.customer_id = latest_subscriptions.customer_id
            and latest_subscriptions.recency_rank = 1
)

select * from final
