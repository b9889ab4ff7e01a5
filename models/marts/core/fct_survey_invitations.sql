{#-
    One row per survey invitation sent, with whether it was answered: an accepted answer
    (in fct_survey_responses) submitted at most var cx_response_window_days after sending.
    Also the customer's segments, survey fatigue (invitations the same customer got in the
    var cx_survey_fatigue_days before this one) and whether the response window is still
    open at the time of the latest load. Durations are differences of epoch seconds.
    Decisions: DECISIONLOG.md#response-rate, #survey-fatigue.
-#}
{%- set window_seconds = var('cx_response_window_days') * 86400 -%}
{%- set fatigue_seconds = var('cx_survey_fatigue_days') * 86400 -%}

with

invitations as (
    select * from {{ ref('stg_surveys__invitations') }}
),

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where invitation_id is not null
),

customers as (
    select * from {{ ref('stg_crm__customers') }}
),

data_as_of as (
    -- the latest landing of the invitation feed: "now" for the data, the same on every engine
    select max(loaded_at) as loaded_until from invitations
),

first_answers as (
    select
        invitation_id,
        min(submitted_at) as first_answered_at
    from responses
    group by invitation_id
),

earlier_invitations as (
    select
        invitations.invitation_id,
        count(earlier.invitation_id) as prior_invitations
    from invitations
    left join invitations as earlier
        on
            invitations.customer_id = earlier.customer_id
            and invitations.invitation_id != earlier.invitation_id
            and {{ cx_epoch_seconds('earlier.sent_at') }} < {{ cx_epoch_seconds('invitations.sent_at') }}
            and {{ cx_epoch_seconds('earlier.sent_at') }}
            >= {{ cx_epoch_seconds('invitations.sent_at') }} - {{ fatigue_seconds }}
    group by invitations.invitation_id
),

joined as (
    select
        invitations.invitation_id,
        invitations.customer_id,
        invitations.survey_type,
        invitations.touchpoint,
        invitations.survey_channel,
        invitations.order_id,
        invitations.ticket_id,
        invitations.sent_at,
        first_answers.first_answered_at,
        earlier_invitations.prior_invitations,
        {{ cx_duration_seconds('invitations.sent_at', 'first_answers.first_answered_at') }} as response_seconds,
        {{ cx_duration_seconds('invitations.sent_at', 'data_as_of.loaded_until') }} < {{ window_seconds }}
            as is_response_window_open,
        coalesce(customers.region, 'unknown') as region,
        coalesce(customers.language_code, 'unknown') as language,  -- noqa: RF04
        coalesce(customers.value_tier, 'unknown') as value_tier,
        coalesce(customers.acquisition_channel, 'unknown') as acquisition_channel
    from invitations
    cross join data_as_of
    left join first_answers
        on invitations.invitation_id = first_answers.invitation_id
    left join earlier_invitations
        on invitations.invitation_id = earlier_invitations.invitation_id
    left join customers
        on invitations.customer_id = customers.customer_id
),

final as (
    select
        invitation_id,
        customer_id,
        survey_type,
        touchpoint,
        survey_channel,
        order_id,
        ticket_id,
        region,
        language,
        value_tier,
        acquisition_channel,
        sent_at,
        cast({{ dbt.date_trunc('month', 'sent_at') }} as date) as sent_month,
        first_answered_at,
        cast(response_seconds as double) as response_seconds,
        case
            when response_seconds <= {{ window_seconds }} then 1 else 0
        end as is_answered,
        is_response_window_open,
        cast(prior_invitations as integer) as prior_invitations,
        case
            when prior_invitations = 0 then '0'
            when prior_invitations = 1 then '1'
            when prior_invitations = 2 then '2'
            else '3+'
        end as prior_invitations_bucket
    from joined
)

select * from final
