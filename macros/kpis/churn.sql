{#-
    Churn and renewal row-level logic, defined once (DECISIONLOG.md#churn, #renewal).
-#}

{#-
    1 when a subscription starts a new activity spell of its customer, else 0. A customer is
    active from a subscription's start until its cancellation; subscriptions that overlap,
    touch, or follow each other within var cx_churn_grace_days days form one
    spell, so a lapse within the grace period is not churn. A subscription starts a new spell
    when it is the customer's first, or when every earlier subscription (ordered by start,
    then id) has ended more than the grace period before it starts: the customer churned and
    came back. Used once, in int_subscriptions_sequenced; gaps are compared in epoch seconds.
-#}
{% macro cx_starts_new_activity_spell(customer_column, started_at, cancelled_at, order_tiebreak) -%}
    {%- set earlier -%}
        over (
            partition by {{ customer_column }}
            order by {{ started_at }}, {{ order_tiebreak }}
            rows between unbounded preceding and 1 preceding
        )
    {%- endset -%}
    case
        when count(*) {{ earlier }} = 0 then 1
        when max(case when {{ cancelled_at }} is null then 1 else 0 end) {{ earlier }} = 1 then 0
        when {{ cx_epoch_seconds(started_at) }} - max({{ cx_epoch_seconds(cancelled_at) }}) {{ earlier }}
            > {{ var('cx_churn_grace_days') }} * 86400 then 1
        else 0
    end
{%- endmacro %}

{#-
    1 when a subscription term that has come up for renewal was renewed, else 0: the
    subscription was not cancelled before or at the term's renewal date (a cancellation at
    the renewal instant stops the renewal). Null-safe: an active subscription renews.
-#}
{% macro cx_term_is_renewed(cancelled_at, renewal_due_at) -%}
    case
        when {{ cancelled_at }} is null then 1
        when {{ cx_epoch_seconds(cancelled_at) }} > {{ cx_epoch_seconds(renewal_due_at) }} then 1
        else 0
    end
{%- endmacro %}

{#- Billing period label from the term length in days: monthly (30), yearly (365), else other. -#}
{% macro cx_billing_period(billing_period_days) -%}
    case
        when {{ billing_period_days }} = 30 then 'monthly'
        when {{ billing_period_days }} = 365 then 'yearly'
        else 'other'
    end
{%- endmacro %}
