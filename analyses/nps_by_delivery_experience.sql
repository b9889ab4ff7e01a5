-- Driver view: relationship NPS of customers with and without a late delivery before
-- they answered. Compile with `dbt compile -s nps_by_delivery_experience` and run the SQL
-- in target/compiled/. (Issue 3 turns drivers like this into a mart.)
with

answers as (
    select * from {{ ref('fct_survey_responses') }}
    where nps_program = 'relationship'
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

deliveries as (
    select * from {{ ref('stg_logistics__deliveries') }}
),

late_deliveries as (
    select
        orders.customer_id,
        deliveries.delivered_at
    from deliveries
    inner join orders
        on deliveries.order_id = orders.order_id
    where cast(deliveries.delivered_at as date) > deliveries.promised_date
),

answers_flagged as (
    select
        answers.response_key,
        answers.is_nps_promoter,
        answers.is_nps_detractor,
        exists(
            select 1
            from late_deliveries
            where
                late_deliveries.customer_id = answers.customer_id
                and late_deliveries.delivered_at < answers.submitted_at
        ) as had_late_delivery
    from answers
),

final as (
    select
        had_late_delivery,
        count(*) as answers,
        100.0 * cast(sum(is_nps_promoter) - sum(is_nps_detractor) as double) / count(*) as nps
    from answers_flagged
    group by had_late_delivery
)

select * from final
