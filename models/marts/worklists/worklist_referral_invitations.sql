{#-
    The referral work queue: customers to invite to the referral programme. A customer is
    listed when their latest promoter answer (NPS 9-10, either programme; fct_survey_responses)
    is within var cx_referral_promoter_lookback_days before the data's end, they have never made
    a successful referral (int_referral_redemptions_joined.is_successful), they were not handed
    a referral code (the programme's invitation) within var cx_referral_invite_cooldown_days,
    and they have not churned (dim_customers.customer_status). Ordered by predicted CLV
    (pred_clv_customers), highest first; customers without a predicted CLV (never bought)
    come last. Refs Python models, so it is disabled on engines without them.
    Decision: DECISIONLOG.md#referral-invitations.
-#}
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
),

codes as (
    select * from {{ ref('stg_referrals__codes') }}
),

redemptions as (
    select * from {{ ref('int_referral_redemptions_joined') }}
),

predicted_values as (
    select * from {{ ref('pred_clv_customers') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

worklist_end as (
    select max(observation_end) as worklist_as_of
    from predicted_values
),

promoter_answers as (
    select
        responses.customer_id,
        responses.response_key,
        responses.submitted_at,
        responses.score,
        responses.survey_type,
        responses.touchpoint,
        count(*) over (partition by responses.customer_id) as promoter_answers_in_window,
        row_number() over (
            partition by responses.customer_id
            order by responses.submitted_at desc, responses.response_key desc
        ) as recency_rank
    from responses
    cross join worklist_end
    where
        responses.is_nps_promoter = 1
        and responses.customer_id is not null
        and responses.submitted_at <= worklist_end.worklist_as_of
        and {{ cx_duration_seconds('responses.submitted_at', 'worklist_end.worklist_as_of') }}
        <= {{ var('cx_referral_promoter_lookback_days') }} * 86400
),

latest_promoter_answers as (
    select * from promoter_answers
    where recency_rank = 1
),

successful_referrers as (
    select distinct referrer_customer_id as customer_id
    from redemptions
    where is_successful = 1 and referrer_customer_id is not null
),

invitations as (
    select
        referrer_customer_id as customer_id,
        max(issued_at) as last_invited_at
    from codes
    where referrer_customer_id is not null
    group by referrer_customer_id
),

candidates as (
    select
        latest_promoter_answers.*,
        invitations.last_invited_at,
        customers.customer_status,
        customers.value_tier,
        predicted_values.predicted_clv,
        predicted_values.predicted_clv_rank,
        predicted_values.predicted_value_tier,
        predicted_values.p_alive,
        worklist_end.worklist_as_of
    from latest_promoter_answers
    cross join worklist_end
    left join successful_referrers
        on latest_promoter_answers.customer_id = successful_referrers.customer_id
    left join invitations
        on latest_promoter_answers.customer_id = invitations.customer_id
    left join customers
        on latest_promoter_answers.customer_id = customers.customer_id
    left join predicted_values
        on latest_promoter_answers.customer_id = predicted_values.customer_id
    where
        successful_referrers.customer_id is null
        and coalesce(customers.customer_status, 'unknown') != 'churned'
        and (
            invitations.last_invited_at is null
            or {{ cx_duration_seconds('invitations.last_invited_at', 'worklist_end.worklist_as_of') }}
            > {{ var('cx_referral_invite_cooldown_days') }} * 86400
        )
),

ranked as (
    select
        candidates.*,
        row_number() over (
            order by candidates.predicted_clv desc nulls last, candidates.customer_id asc
        ) as worklist_position
    from candidates
),

final as (
    select
        worklist_position,
        customer_id,
        response_key,
        submitted_at as promoted_at,
        score,
        survey_type,
        touchpoint,
        last_invited_at,
        customer_status,
        value_tier,
        predicted_clv,
        predicted_clv_rank,
        predicted_value_tier,
        p_alive,
        worklist_as_of,
        cast(promoter_answers_in_window as integer) as promoter_answers_in_window
    from ranked
)

select * from final
