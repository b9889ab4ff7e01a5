{#-
    One row per relationship NPS answer of a known customer with the customer's experience
    before the answer, bucketed (macros/kpis/drivers.sql), and whether the customer churned
    after it. Only what happened before the answer and within var cx_driver_lookback_days counts as a driver:
    - delivery delay: the worst delay, in whole days past the promised date, among the
      customer's deliveries whose outcome they knew (delivered before the answer, or promised
      before the answer's day; one still missing counts as late until the answer's day);
    - ticket transfers: transfer events on the customer's tickets before the answer;
    - last CES: the customer's latest CES answer before this answer.
    Churn: the customer's activity spell (int_customer_spells_merged, DECISIONLOG.md#churn)
    running at the answer has since ended. Decision: DECISIONLOG.md#experience-drivers.
-#}
{%- set lookback_seconds = var('cx_driver_lookback_days') * 86400 -%}

with

survey_responses as (
    select * from {{ ref('fct_survey_responses') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

deliveries as (
    select * from {{ ref('stg_logistics__deliveries') }}
),

tickets as (
    select * from {{ ref('stg_helpdesk__tickets') }}
),

ticket_events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
),

spells as (
    select * from {{ ref('int_customer_spells_merged') }}
),

answers as (
    select
        response_key,
        customer_id,
        submitted_at,
        score,
        nps_category,
        is_nps_promoter,
        is_nps_passive,
        is_nps_detractor,
        cast(submitted_at as date) as submitted_date
    from survey_responses
    where
        nps_program = 'relationship'
        and customer_id is not null
),

ces_answers as (
    select
        response_key,
        customer_id,
        submitted_at,
        score
    from survey_responses
    where
        question_id = 'ces_1_7'
        and customer_id is not null
),

customer_deliveries as (
    select
        orders.customer_id,
        deliveries.delivery_id,
        deliveries.promised_date,
        deliveries.delivered_at
    from deliveries
    inner join orders
        on deliveries.order_id = orders.order_id
),

answer_delivery_delays as (
    -- deliveries whose outcome the customer knew when answering, and their delay then
    select
        answers.response_key,
        customer_deliveries.delivery_id,
        customer_deliveries.promised_date,
        case
            when customer_deliveries.delivered_at <= answers.submitted_at
                then cast(customer_deliveries.delivered_at as date)
            else answers.submitted_date
        end as outcome_date
    from answers
    inner join customer_deliveries
        on
            answers.customer_id = customer_deliveries.customer_id
            and (
                answers.submitted_at >= customer_deliveries.delivered_at
                or answers.submitted_date > customer_deliveries.promised_date
            )
            and {{ cx_epoch_seconds('cast(customer_deliveries.promised_date as timestamp)') }}
            >= {{ cx_epoch_seconds('cast(answers.submitted_date as timestamp)') }} - {{ lookback_seconds }}
),

answer_deliveries as (
    select
        response_key,
        count(*) as deliveries_known,
        max(
            floor(
                {{ cx_duration_seconds('cast(promised_date as timestamp)', 'cast(outcome_date as timestamp)') }} / 86400
            )
        ) as max_delivery_delay_days
    from answer_delivery_delays
    group by response_key
),

customer_transfers as (
    select
        tickets.customer_id,
        ticket_events.created_at
    from ticket_events
    inner join tickets
        on ticket_events.ticket_id = tickets.ticket_id
    where ticket_events.event_type = 'transfer'
),

answer_transfers as (
    select
        answers.response_key,
        count(*) as ticket_transfers
    from answers
    inner join customer_transfers
        on
            answers.customer_id = customer_transfers.customer_id
            and answers.submitted_at > customer_transfers.created_at
            and {{ cx_epoch_seconds('customer_transfers.created_at') }}
            >= {{ cx_epoch_seconds('answers.submitted_at') }} - {{ lookback_seconds }}
    group by answers.response_key
),

answer_ces_ranked as (
    select
        answers.response_key,
        ces_answers.score as last_ces_score,
        ces_answers.submitted_at as last_ces_submitted_at,
        row_number() over (
            partition by answers.response_key
            order by ces_answers.submitted_at desc, ces_answers.response_key desc
        ) as ces_rank
    from answers
    inner join ces_answers
        on
            answers.customer_id = ces_answers.customer_id
            and answers.submitted_at > ces_answers.submitted_at
            and {{ cx_epoch_seconds('ces_answers.submitted_at') }}
            >= {{ cx_epoch_seconds('answers.submitted_at') }} - {{ lookback_seconds }}
),

answer_spells as (
    -- the customer's membership spell running when they answered (at most one)
    select
        answers.response_key,
        spells.spell_ended_at,
        spells.is_end_provisional
    from answers
    inner join spells
        on
            answers.customer_id = spells.customer_id
            and answers.submitted_at >= spells.spell_started_at
            and (spells.spell_ended_at is null or answers.submitted_at < spells.spell_ended_at)
),

joined as (
    select
        answers.response_key,
        answers.customer_id,
        answers.submitted_at,
        answers.score,
        answers.nps_category,
        answers.is_nps_promoter,
        answers.is_nps_passive,
        answers.is_nps_detractor,
        answer_deliveries.max_delivery_delay_days,
        answer_ces_ranked.last_ces_score,
        answer_ces_ranked.last_ces_submitted_at,
        answer_spells.spell_ended_at,
        answer_spells.is_end_provisional,
        coalesce(answer_deliveries.deliveries_known, 0) as deliveries_known,
        coalesce(answer_transfers.ticket_transfers, 0) as ticket_transfers,
        answer_spells.response_key is not null as is_member
    from answers
    left join answer_deliveries
        on answers.response_key = answer_deliveries.response_key
    left join answer_transfers
        on answers.response_key = answer_transfers.response_key
    left join answer_ces_ranked
        on
            answers.response_key = answer_ces_ranked.response_key
            and answer_ces_ranked.ces_rank = 1
    left join answer_spells
        on answers.response_key = answer_spells.response_key
),

final as (
    select
        response_key,
        customer_id,
        submitted_at,
        score,
        nps_category,
        is_nps_promoter,
        is_nps_passive,
        is_nps_detractor,
        last_ces_score,
        last_ces_submitted_at,
        cast(deliveries_known as integer) as deliveries_known,
        cast(max_delivery_delay_days as integer) as max_delivery_delay_days,
        {{ cx_delivery_delay_bucket('max_delivery_delay_days') }} as delivery_delay_bucket,
        cast(ticket_transfers as integer) as ticket_transfers,
        {{ cx_ticket_transfer_bucket('ticket_transfers') }} as ticket_transfer_bucket,
        {{ cx_ces_bucket('last_ces_score') }} as last_ces_bucket,
        case when is_member then 1 else 0 end as is_member_at_answer,
        case
            when is_member and spell_ended_at is not null and not is_end_provisional then 1 else 0
        end as is_churned_after_answer,
        case when is_member and not is_end_provisional then spell_ended_at end as churned_at
    from joined
)

select * from final
