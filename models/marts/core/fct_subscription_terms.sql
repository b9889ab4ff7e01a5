{#-
    One row per billing term of every subscription that had started by data_as_of: term n
    runs from started_at + (n - 1) x billing_period_days to its renewal date started_at +
    n x billing_period_days. A term has come up for renewal (is_due) when its renewal date
    is at or before data_as_of; it renewed when the subscription was not cancelled at or
    before that date (macro cx_term_is_renewed). A term cancelled early is a non-renewal in
    the month its renewal was due. The semantic model `subscription_terms` sits on it;
    kpi_renewal_monthly aggregates it. Decision: DECISIONLOG.md#renewal.
-#}
{#- Enough term numbers for 1-day terms over the whole calendar of the time spine. -#}
{%- set max_terms = (
    modules.datetime.date.fromisoformat(var('cx_time_spine_end'))
    - modules.datetime.date.fromisoformat(var('cx_time_spine_start'))
).days + 1 -%}

with

subscriptions as (
    select * from {{ ref('int_subscriptions_sequenced') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

term_numbers as (
    {{ dbt.generate_series(max_terms) }}
),

observed as (
    select
        *,
        -- terms that began before the subscription's cancellation (or data_as_of if earlier)
        case
            when billing_period_days > 0
                then greatest(
                    1,
                    cast(ceil(
                        {{ cx_duration_seconds('started_at', 'least(coalesce(cancelled_at, data_as_of), data_as_of)') }}
                        / (86400.0 * billing_period_days)
                    ) as integer)
                )
            else 1
        end as terms_started
    from subscriptions
),

terms as (
    select
        observed.subscription_id,
        observed.customer_id,
        observed.plan,
        observed.billing_period_days,
        observed.billing_period,
        observed.started_at,
        observed.cancelled_at,
        observed.data_as_of,
        cast(term_numbers.generated_number as integer) as term_number,
        {{ cx_add_days(
            'observed.started_at', '(term_numbers.generated_number - 1) * observed.billing_period_days'
        ) }} as term_started_at,
        case
            when observed.billing_period_days > 0
                then {{ cx_add_days(
                    'observed.started_at', 'term_numbers.generated_number * observed.billing_period_days'
                ) }}
        end as renewal_due_at
    from observed
    inner join term_numbers
        on observed.terms_started >= term_numbers.generated_number
),

flagged as (
    select
        *,
        case
            when
                renewal_due_at is not null
                and {{ cx_epoch_seconds('renewal_due_at') }} <= {{ cx_epoch_seconds('data_as_of') }}
                then 1
            else 0
        end as is_due
    from terms
),

final as (
    select
        {{ dbt.concat(["cast(flagged.subscription_id as string)", "'-'", "cast(flagged.term_number as string)"]) }}
            as subscription_term_key,
        flagged.subscription_id,
        flagged.customer_id,
        cast(flagged.term_number as integer) as term_number,
        coalesce(flagged.plan, 'unknown') as plan,
        flagged.billing_period_days,
        flagged.billing_period,
        coalesce(customers.region, 'unknown') as region,
        coalesce(customers.value_tier, 'unknown') as value_tier,
        coalesce(customers.acquisition_channel, 'unknown') as acquisition_channel,
        coalesce(customers.acquisition_cohort, 'unknown') as acquisition_cohort,
        cast(flagged.term_started_at as timestamp) as term_started_at,
        cast(flagged.renewal_due_at as timestamp) as renewal_due_at,
        cast({{ dbt.date_trunc('month', 'flagged.renewal_due_at') }} as date) as renewal_due_month,
        flagged.cancelled_at,
        flagged.is_due,
        case
            when flagged.is_due = 1 then {{ cx_term_is_renewed('flagged.cancelled_at', 'flagged.renewal_due_at') }}
            else 0
        end as is_renewed
    from flagged
    left join customers
        on flagged.customer_id = customers.customer_id
)

select * from final
