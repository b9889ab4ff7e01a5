{#-
    Service (helpdesk) row-level logic, defined once and used only in int_tickets_joined and
    fct_tickets. Decisions: DECISIONLOG.md#first-contact-resolution, #ticket-resolution.
-#}

{#- Whether a status_change's new status resolves the ticket: solved, or closed (after solved). -#}
{% macro cx_is_resolving_status(status_expr) -%}
    {{ status_expr }} in ('solved', 'closed')
{%- endmacro %}

{#-
    First contact resolution of one ticket, 1 or 0: the ticket was solved with exactly one
    agent reply and no transfer up to its first solve, and was not reopened within var
    cx_fcr_reopen_window_days (default 7) days of that first solve. A reopen later than the
    window counts as a new contact, not as a failure of the first one; a reopen exactly at
    the window's end is still within it.
-#}
{% macro cx_is_first_contact_resolution(first_solved_at, agent_replies_to_first_solve, transfers_to_first_solve, first_reopened_at) -%}
    case
        when
            {{ first_solved_at }} is not null
            and {{ agent_replies_to_first_solve }} = 1
            and {{ transfers_to_first_solve }} = 0
            and (
                {{ first_reopened_at }} is null
                or {{ cx_duration_seconds(first_solved_at, first_reopened_at) }}
                > {{ var('cx_fcr_reopen_window_days') }} * 86400
            )
            then 1
        else 0
    end
{%- endmacro %}

{#-
    Segments of the service KPI marts (FCR, first response time, resolution time): columns
    of fct_tickets, each also a dimension `ticket__<column>` of the semantic layer; 'all' is
    always added. Var cx_service_segments overrides the default.
-#}
{% macro cx_service_segments() -%}
    {{ return(var('cx_service_segments', ['ticket_channel', 'issue_type', 'priority', 'region', 'value_tier'])) }}
{%- endmacro %}
