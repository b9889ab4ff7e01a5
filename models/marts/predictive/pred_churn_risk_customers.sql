{#-
    Churn risk per customer at risk today, the governed mart (contract) on the Python model
    ml_churn_risk_customers: P(the running membership spell ends within var
    cx_churn_risk_horizon_days), its rank, and the signals it was computed from. The model's
    out-of-time evaluation is in ml_churn_risk_evaluation. Disabled on engines without
    Python models. Decision: DECISIONLOG.md#churn-risk.
-#}
with

scored as (
    select * from {{ ref('ml_churn_risk_customers') }}
),

final as (
    select
        cast(customer_id as bigint) as customer_id,
        cast(churn_probability as double) as churn_probability,
        cast(churn_risk_rank as bigint) as churn_risk_rank,
        cast(churn_risk_percentile as double) as churn_risk_percentile,
        cast(horizon_days as integer) as horizon_days,
        cast(scored_at as timestamp) as scored_at,
        cast(tenure_days as double) as tenure_days,
        cast(orders_90d as integer) as orders_90d,
        cast(orders_prev_90d as integer) as orders_prev_90d,
        cast(order_trend_90d as integer) as order_trend_90d,
        cast(orders_usual_90d as double) as orders_usual_90d,
        cast(days_since_last_order as double) as days_since_last_order,
        cast(revenue_365d as double) as revenue_365d,
        cast(sessions_90d as integer) as sessions_90d,
        cast(sessions_prev_90d as integer) as sessions_prev_90d,
        cast(session_trend_90d as integer) as session_trend_90d,
        cast(sessions_usual_90d as double) as sessions_usual_90d,
        cast(tickets_180d as integer) as tickets_180d,
        cast(transfers_180d as integer) as transfers_180d,
        cast(reopens_180d as integer) as reopens_180d,
        cast(late_deliveries_365d as integer) as late_deliveries_365d,
        cast(last_nps as double) as last_nps,
        cast(mean_csat_365d as double) as mean_csat_365d,
        cast(mean_ces_365d as double) as mean_ces_365d,
        cast(answers_365d as integer) as answers_365d,
        cast(negative_feedback_365d as integer) as negative_feedback_365d,
        cast(negative_tone_365d as integer) as negative_tone_365d
    from scored
)

select * from final
