{#-
    Every open text a customer wrote, one row per text, from staging only: survey comments
    (the survey tool and imported exports, through int_survey_responses_joined) and the
    customer's own ticket messages (helpdesk events `message_in`; agent replies are not the
    customer's voice). Empty texts are left out. The language is the customer's CRM
    language where known; the sentiment scorer guesses it otherwise. Read by the Python
    model fct_text_sentiments (DECISIONLOG.md#text-sentiment).
-#}
with

survey_answers as (
    select * from {{ ref('int_survey_responses_joined') }}
),

ticket_events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
),

tickets as (
    select * from {{ ref('stg_helpdesk__tickets') }}
),

customers as (
    select * from {{ ref('stg_crm__customers') }}
),

survey_comments as (
    select
        'survey_comment' as source_kind,
        response_key as source_id,
        customer_id,
        language as customer_language,
        region,
        value_tier,
        comment_text as text_body,
        submitted_at as written_at
    from survey_answers
    where
        reject_reason is null
        and trim(coalesce(comment_text, '')) != ''
),

ticket_messages as (
    select
        'ticket_message' as source_kind,
        cast(ticket_events.ticket_event_id as {{ dbt.type_string() }}) as source_id,
        tickets.customer_id,
        coalesce(customers.language_code, 'unknown') as customer_language,
        coalesce(customers.region, 'unknown') as region,
        coalesce(customers.value_tier, 'unknown') as value_tier,
        ticket_events.body_text as text_body,
        ticket_events.created_at as written_at
    from ticket_events
    inner join tickets
        on ticket_events.ticket_id = tickets.ticket_id
    left join customers
        on tickets.customer_id = customers.customer_id
    where
        ticket_events.event_type = 'message_in'
        and trim(coalesce(ticket_events.body_text, '')) != ''
),

unioned as (
    select * from survey_comments
    union all
    select * from ticket_messages
),

final as (
    select
        source_kind,
        source_id,
        customer_id,
        customer_language,
        region,
        value_tier,
        text_body,
        written_at,
        source_kind || ':' || source_id as text_key
    from unioned
)

select * from final
