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
    cx_fcr_reopen_window_days days of that first solve. A reopen later than the
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
    {{ return(var('cx_service_segments')) }}
{%- endmacro %}

{#-
    The aggregates of a service-time mart (first response, resolution): tickets, the tickets
    with the duration (`done_column`, a 0/1 flag, summed as `done_name`), and the median and
    90th percentile of the duration `<prefix>_seconds` in calendar time and in business
    hours (`<prefix>_business_seconds`), named `<prefix>_[business_]median|p90_seconds`.
-#}
{% macro cx_service_time_aggregates(done_name, done_column, prefix) -%}
    {{ return({
        'tickets': 'count(*)',
        done_name: 'sum(' ~ done_column ~ ')',
        prefix ~ '_median_seconds': cx_percentile(prefix ~ '_seconds', 0.5),
        prefix ~ '_p90_seconds': cx_percentile(prefix ~ '_seconds', 0.9),
        prefix ~ '_business_median_seconds': cx_percentile(prefix ~ '_business_seconds', 0.5),
        prefix ~ '_business_p90_seconds': cx_percentile(prefix ~ '_business_seconds', 0.9),
    }) }}
{%- endmacro %}

{#-
    The columns of a service-time mart from cx_service_time_aggregates: the counts, the open
    tickets (without the duration yet), the four durations as doubles, and the small-sample
    flag on the tickets with the duration.
-#}
{% macro cx_service_time_columns(done_name, prefix) -%}
    kpi_month,
    segment_name,
    segment_value,
    cast(tickets as bigint) as tickets,
    cast({{ done_name }} as bigint) as {{ done_name }},
    cast(tickets - {{ done_name }} as bigint) as open_tickets,
    {%- for stat in ['median', 'p90', 'business_median', 'business_p90'] %}
    cast({{ prefix }}_{{ stat }}_seconds as double) as {{ prefix }}_{{ stat }}_seconds,
    {%- endfor %}
    {{ done_name }} < {{ var('cx_min_sample_size') }} as is_small_sample
{%- endmacro %}
