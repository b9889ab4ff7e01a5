{#-
    Experience driver buckets, defined once (DECISIONLOG.md#experience-drivers). Used in
    drivers_relationship_nps_answers; reusable wherever a customer's experience segments
    are needed (e.g. churn by experience segment).
-#}

{#-
    The driver buckets and their display order: {driver_name: [driver_value, ...]}. Every
    bucket the macros below can return is listed, so the drivers mart has a row for each
    even when no answer falls in it.
-#}
{% macro cx_driver_buckets() -%}
    {{ return({
        'delivery_delay': ['none_late', '1_2_days', '3_plus_days', 'no_deliveries'],
        'ticket_transfers': ['0', '1', '2_plus'],
        'last_ces': ['easy', 'neutral', 'hard', 'none'],
    }) }}
{%- endmacro %}

{#-
    Delivery delay bucket from the worst delay (whole days past the promised date) among
    the deliveries the customer knew the outcome of: null (no such delivery) ->
    no_deliveries; 0 or less -> none_late; 1-2 -> 1_2_days; 3 or more -> 3_plus_days.
-#}
{% macro cx_delivery_delay_bucket(max_delay_days_expr) -%}
    case
        when {{ max_delay_days_expr }} is null then 'no_deliveries'
        when {{ max_delay_days_expr }} <= 0 then 'none_late'
        when {{ max_delay_days_expr }} <= 2 then '1_2_days'
        else '3_plus_days'
    end
{%- endmacro %}

{#- Ticket transfer bucket from a count of transfers (null counts as 0): 0, 1, 2_plus. -#}
{% macro cx_ticket_transfer_bucket(transfers_expr) -%}
    case
        when coalesce({{ transfers_expr }}, 0) = 0 then '0'
        when {{ transfers_expr }} = 1 then '1'
        else '2_plus'
    end
{%- endmacro %}

{#-
    CES bucket of a 1-7 answer: easy (>= var cx_ces_easy_min), hard (<= var
    cx_negative_ces_max, the closed-loop threshold), neutral in between, none
    without an answer.
-#}
{% macro cx_ces_bucket(score_expr) -%}
    case
        when {{ score_expr }} is null then 'none'
        when {{ score_expr }} >= {{ var('cx_ces_easy_min') }} then 'easy'
        when {{ score_expr }} <= {{ var('cx_negative_ces_max') }} then 'hard'
        else 'neutral'
    end
{%- endmacro %}
