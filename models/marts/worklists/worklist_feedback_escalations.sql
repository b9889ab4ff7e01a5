{#-
    The closed-loop work queue: negative feedback not followed up yet (a negative score band,
    fct_feedback.is_negative_feedback, or a comment whose text sentiment is negative,
    fct_text_sentiments), from customers in the `high` predicted value tier (pred_clv_customers),
    submitted within the last var cx_escalation_lookback_days before the data's end, oldest
    first (`queue_position` 1 = waiting longest). Context for the caller: predicted CLV,
    P(alive), churn risk (when the customer is a member today) and membership status.
    Refs Python models, so it is disabled on engines without them.
    Decision: DECISIONLOG.md#feedback-escalations.
-#}
with

feedback as (
    select * from {{ ref('fct_feedback') }}
),

comment_sentiments as (
    select
        source_id as response_key,
        polarity_score,
        sentiment_label
    from {{ ref('fct_text_sentiments') }}
    where source_kind = 'survey_comment'
),

predicted_values as (
    select * from {{ ref('pred_clv_customers') }}
),

churn_risks as (
    select * from {{ ref('pred_churn_risk_customers') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

queue_end as (
    select max(observation_end) as queue_as_of
    from predicted_values
),

feedback_with_text as (
    select
        feedback.*,
        comment_sentiments.polarity_score as text_polarity_score,
        comment_sentiments.sentiment_label as text_sentiment_label,
        coalesce(comment_sentiments.sentiment_label = 'negative', false) as is_text_negative
    from feedback
    left join comment_sentiments
        on feedback.response_key = comment_sentiments.response_key
),

open_negative_feedback as (
    select
        feedback_with_text.*,
        case
            when feedback_with_text.is_negative_feedback = 1 and feedback_with_text.is_text_negative
                then 'score_and_text'
            when feedback_with_text.is_negative_feedback = 1 then 'score'
            else 'text'
        end as escalation_reason
    from feedback_with_text
    cross join queue_end
    where
        (feedback_with_text.is_negative_feedback = 1 or feedback_with_text.is_text_negative)
        and feedback_with_text.is_followed_up = 0
        and feedback_with_text.customer_id is not null
        and feedback_with_text.submitted_at <= queue_end.queue_as_of
        and {{ cx_duration_seconds('feedback_with_text.submitted_at', 'queue_end.queue_as_of') }}
        <= {{ var('cx_escalation_lookback_days') }} * 86400
),

high_value_feedback as (
    select
        open_negative_feedback.*,
        predicted_values.predicted_clv,
        predicted_values.predicted_clv_rank,
        predicted_values.p_alive,
        predicted_values.predicted_value_tier
    from open_negative_feedback
    inner join predicted_values
        on open_negative_feedback.customer_id = predicted_values.customer_id
    where predicted_values.predicted_value_tier = 'high'
),

final as (
    select
        row_number() over (
            order by high_value_feedback.submitted_at asc, high_value_feedback.response_key asc
        ) as queue_position,
        high_value_feedback.response_key,
        high_value_feedback.response_id,
        high_value_feedback.customer_id,
        high_value_feedback.submitted_at,
        cast(
            {{ cx_duration_seconds('high_value_feedback.submitted_at', 'queue_end.queue_as_of') }} / 3600.0
            as double
        ) as hours_waiting,
        high_value_feedback.survey_type,
        high_value_feedback.question_id,
        high_value_feedback.touchpoint,
        high_value_feedback.survey_channel,
        high_value_feedback.score,
        high_value_feedback.feedback_tone,
        high_value_feedback.has_comment,
        high_value_feedback.text_polarity_score,
        high_value_feedback.text_sentiment_label,
        high_value_feedback.escalation_reason,
        high_value_feedback.value_tier,
        high_value_feedback.predicted_clv,
        high_value_feedback.predicted_clv_rank,
        high_value_feedback.predicted_value_tier,
        high_value_feedback.p_alive,
        churn_risks.churn_probability,
        customers.customer_status,
        queue_end.queue_as_of
    from high_value_feedback
    cross join queue_end
    left join churn_risks
        on high_value_feedback.customer_id = churn_risks.customer_id
    left join customers
        on high_value_feedback.customer_id = customers.customer_id
)

select * from final
