{#-
    One row per usable support ticket with its service KPIs' row-level logic, computed once:
    first response and resolution durations in calendar seconds (differences of epoch
    seconds, cx_duration_seconds) and in business seconds (cx_business_duration_seconds,
    macros/kpis/business_hours.sql), and first contact resolution (cx_is_first_contact_resolution,
    macros/kpis/service.sql). Decisions: DECISIONLOG.md#first-contact-resolution,
    #ticket-resolution, #business-hours.
-#}
with

tickets as (
    select * from {{ ref('int_tickets_joined') }}
),

final as (
    select
        ticket_id,
        customer_id,
        order_id,
        ticket_channel,
        issue_type,
        priority,
        ticket_status,
        region,
        value_tier,
        answering_account,
        created_at,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as created_month,
        first_response_at,
        first_solved_at,
        final_solved_at,
        first_reopened_at,
        cast(transfers as integer) as transfers,
        cast(reopens as integer) as reopens,
        cast(agent_replies as integer) as agent_replies,
        cast(agent_replies_to_first_solve as integer) as agent_replies_to_first_solve,
        case when first_response_at is not null then 1 else 0 end as is_responded,
        case when first_solved_at is not null then 1 else 0 end as is_solved,
        case when final_solved_at is not null then 1 else 0 end as is_resolved,
        {{ cx_is_first_contact_resolution(
            'first_solved_at', 'agent_replies_to_first_solve', 'transfers_to_first_solve', 'first_reopened_at'
        ) }} as is_fcr,
        cast({{ cx_duration_seconds('created_at', 'first_response_at') }} as double) as first_response_seconds,
        cast({{ cx_business_duration_seconds('created_at', 'first_response_at') }} as double)
            as first_response_business_seconds,
        cast({{ cx_duration_seconds('created_at', 'first_solved_at') }} as double) as first_resolution_seconds,
        cast({{ cx_duration_seconds('created_at', 'final_solved_at') }} as double) as resolution_seconds,
        cast({{ cx_business_duration_seconds('created_at', 'final_solved_at') }} as double)
            as resolution_business_seconds
    from tickets
)

select * from final
