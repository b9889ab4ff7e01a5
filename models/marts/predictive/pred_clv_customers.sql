{#-
    Predicted CLV per customer, the governed mart (contract) on the Python model
    ml_clv_customers: expected purchases and value over var cx_clv_horizon_days, P(alive),
    and the predicted value tier (`high` = the top var cx_clv_high_value_share of customers
    by predicted CLV, `medium` the next var cx_clv_medium_value_share, `low` the rest).
    Disabled on engines without Python models. Decision: DECISIONLOG.md#clv-predicted.
-#}
with

scored as (
    select * from {{ ref('ml_clv_customers') }}
),

ranked as (
    select
        *,
        {{ var('cx_clv_high_value_share') }} as high_share,
        {{ var('cx_clv_high_value_share') }} + {{ var('cx_clv_medium_value_share') }} as high_or_medium_share,
        count(*) over () as scored_customers
    from scored
),

final as (
    select
        cast(customer_id as bigint) as customer_id,
        cast(first_purchase_at as timestamp) as first_purchase_at,
        cast(last_purchase_at as timestamp) as last_purchase_at,
        cast(repeat_purchases as integer) as repeat_purchases,
        cast(recency_weeks as double) as recency_weeks,
        cast(age_weeks as double) as age_weeks,
        cast(mean_repeat_purchase_value as double) as mean_repeat_purchase_value,
        cast(horizon_days as integer) as horizon_days,
        cast(expected_purchases as double) as expected_purchases,
        cast(p_alive as double) as p_alive,
        cast(expected_order_value as double) as expected_order_value,
        cast(predicted_clv as double) as predicted_clv,
        cast(predicted_clv_rank as bigint) as predicted_clv_rank,
        cast(observation_end as timestamp) as observation_end,
        case
            when predicted_clv_rank <= ceil(high_share * scored_customers) then 'high'
            when predicted_clv_rank <= ceil(high_or_medium_share * scored_customers) then 'medium'
            else 'low'
        end as predicted_value_tier
    from ranked
)

select * from final
