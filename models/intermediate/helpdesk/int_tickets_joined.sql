{#-
    One row per usable ticket: the ticket's latest delivered state, its events rolled up
    (first agent reply, first and last solve, reopens, transfers, agent replies) and the
    requester's CRM segments. Events of tickets that were never exported are left out (the
    staging relationship test warns about them). Durations and KPI flags: fct_tickets.
    Decisions: DECISIONLOG.md#ticket-resolution, #first-contact-resolution.
-#}
with

tickets as (
    select * from {{ ref('stg_helpdesk__tickets') }}
),

ticket_events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
),

customers as (
    select * from {{ ref('stg_crm__customers') }}
),

agents as (
    select * from {{ ref('stg_helpdesk__agents') }}
),

first_responders as (
    -- the account of the agent who answered first (DECISIONLOG.md#conversation-threads)
    select
        ticket_id,
        answering_account
    from (
        select
            ticket_events.ticket_id,
            agents.account_name as answering_account,
            row_number() over (
                partition by ticket_events.ticket_id
                order by ticket_events.created_at, ticket_events.ticket_event_id
            ) as response_rank
        from ticket_events
        left join agents
            on ticket_events.agent_id = agents.agent_id
        where ticket_events.event_type = 'message_out'
    ) as ranked
    where response_rank = 1
),

solve_events as (
    select
        ticket_id,
        min(created_at) as first_solve_event_at,
        max(created_at) as last_solve_event_at
    from ticket_events
    where event_type = 'status_change' and {{ cx_is_resolving_status('new_status') }}
    group by ticket_id
),

latest_status_events as (
    -- the ticket's status after its last known status change
    select
        ticket_id,
        new_status as latest_event_status
    from (
        select
            ticket_id,
            new_status,
            row_number() over (
                partition by ticket_id order by created_at desc, ticket_event_id desc
            ) as status_rank
        from ticket_events
        where event_type = 'status_change' and new_status != 'unknown'
    ) as ranked
    where status_rank = 1
),

ticket_solves as (
    -- a ticket exported as solved/closed whose solve event was lost (rejected in staging)
    -- is solved at its updated_at, which the helpdesk sets when the ticket is solved
    select
        tickets.ticket_id,
        coalesce(
            solve_events.first_solve_event_at,
            case when {{ cx_is_resolving_status('tickets.ticket_status') }} then tickets.updated_at end
        ) as first_solved_at,
        case
            when
                coalesce(
                    {{ cx_is_resolving_status('latest_status_events.latest_event_status') }},
                    {{ cx_is_resolving_status('tickets.ticket_status') }}
                )
                then coalesce(solve_events.last_solve_event_at, tickets.updated_at)
        end as final_solved_at
    from tickets
    left join solve_events
        on tickets.ticket_id = solve_events.ticket_id
    left join latest_status_events
        on tickets.ticket_id = latest_status_events.ticket_id
),

event_rollup as (
    select
        ticket_events.ticket_id,
        min(case when ticket_events.event_type = 'message_out' then ticket_events.created_at end)
            as first_response_at,
        min(
            case
                when
                    ticket_events.new_status = 'reopened'
                    and ticket_events.created_at >= ticket_solves.first_solved_at
                    then ticket_events.created_at
            end
        ) as first_reopened_at,
        sum(case when ticket_events.new_status = 'reopened' then 1 else 0 end) as reopens,
        sum(case when ticket_events.event_type = 'transfer' then 1 else 0 end) as transfers,
        sum(
            case
                when
                    ticket_events.event_type = 'transfer'
                    and (
                        ticket_solves.first_solved_at is null
                        or ticket_events.created_at <= ticket_solves.first_solved_at
                    )
                    then 1
                else 0
            end
        ) as transfers_to_first_solve,
        sum(case when ticket_events.event_type = 'message_out' then 1 else 0 end) as agent_replies,
        sum(
            case
                when
                    ticket_events.event_type = 'message_out'
                    and (
                        ticket_solves.first_solved_at is null
                        or ticket_events.created_at <= ticket_solves.first_solved_at
                    )
                    then 1
                else 0
            end
        ) as agent_replies_to_first_solve
    from ticket_events
    inner join ticket_solves
        on ticket_events.ticket_id = ticket_solves.ticket_id
    group by ticket_events.ticket_id
),

final as (
    select
        tickets.ticket_id,
        tickets.customer_id,
        tickets.order_id,
        tickets.ticket_channel,
        tickets.issue_type,
        tickets.priority,
        tickets.ticket_status,
        tickets.created_at,
        event_rollup.first_response_at,
        ticket_solves.first_solved_at,
        ticket_solves.final_solved_at,
        event_rollup.first_reopened_at,
        coalesce(customers.region, 'unknown') as region,
        coalesce(customers.value_tier, 'unknown') as value_tier,
        coalesce(first_responders.answering_account, 'unknown') as answering_account,
        coalesce(event_rollup.reopens, 0) as reopens,
        coalesce(event_rollup.transfers, 0) as transfers,
        coalesce(event_rollup.transfers_to_first_solve, 0) as transfers_to_first_solve,
        coalesce(event_rollup.agent_replies, 0) as agent_replies,
        coalesce(event_rollup.agent_replies_to_first_solve, 0) as agent_replies_to_first_solve
    from tickets
    inner join ticket_solves
        on tickets.ticket_id = ticket_solves.ticket_id
    left join event_rollup
        on tickets.ticket_id = event_rollup.ticket_id
    left join customers
        on tickets.customer_id = customers.customer_id
    left join first_responders
        on tickets.ticket_id = first_responders.ticket_id
)

select * from final
