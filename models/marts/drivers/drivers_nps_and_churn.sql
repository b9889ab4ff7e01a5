{#-
    The "why" behind relationship NPS and churn, one query away: NPS and the churned share of
    customers by experience driver bucket (delivery delay, ticket transfers, last CES before
    the answer), in long format with a row `all` to compare against. One row per
    (driver_name, driver_value); every bucket is present, empty ones with 0 answers.
    Descriptive, not causal: buckets differ in other ways too. Row-level logic:
    drivers_relationship_nps_answers. Decision: DECISIONLOG.md#experience-drivers.
-#}
{%- set buckets = cx_driver_buckets() -%}
{%- set bucket_columns = {
    'delivery_delay': 'delivery_delay_bucket',
    'ticket_transfers': 'ticket_transfer_bucket',
    'last_ces': 'last_ces_bucket',
} -%}

with

answers as (
    select * from {{ ref('drivers_relationship_nps_answers') }}
),

answers_by_driver as (
    select
        'all' as driver_name,
        'all' as driver_value,
        response_key,
        customer_id,
        is_nps_promoter,
        is_nps_passive,
        is_nps_detractor,
        is_member_at_answer,
        is_churned_after_answer
    from answers
    {%- for driver_name, column in bucket_columns.items() %}
        union all
        select
            '{{ driver_name }}' as driver_name,
            {{ column }} as driver_value,
            response_key,
            customer_id,
            is_nps_promoter,
            is_nps_passive,
            is_nps_detractor,
            is_member_at_answer,
            is_churned_after_answer
        from answers
    {%- endfor %}
),

driver_values as (
    select
        'all' as driver_name,
        'all' as driver_value,
        0 as driver_value_order
    {%- for driver_name, values in buckets.items() %}
        {%- for value in values %}
            union all
            select
                '{{ driver_name }}' as driver_name,
                '{{ value }}' as driver_value,
                {{ loop.index }} as driver_value_order
        {%- endfor %}
    {%- endfor %}
),

aggregated as (
    select
        driver_name,
        driver_value,
        count(*) as answers,
        sum(is_nps_promoter) as promoters,
        sum(is_nps_passive) as passives,
        sum(is_nps_detractor) as detractors,
        count(distinct case when is_member_at_answer = 1 then customer_id end) as customers,
        count(distinct case when is_churned_after_answer = 1 then customer_id end) as churned_customers
    from answers_by_driver
    group by driver_name, driver_value
),

filled as (
    select
        driver_values.driver_name,
        driver_values.driver_value,
        driver_values.driver_value_order,
        cast(coalesce(aggregated.answers, 0) as bigint) as answers,
        cast(coalesce(aggregated.promoters, 0) as bigint) as promoters,
        cast(coalesce(aggregated.passives, 0) as bigint) as passives,
        cast(coalesce(aggregated.detractors, 0) as bigint) as detractors,
        cast(coalesce(aggregated.customers, 0) as bigint) as customers,
        cast(coalesce(aggregated.churned_customers, 0) as bigint) as churned_customers
    from driver_values
    left join aggregated
        on
            driver_values.driver_name = aggregated.driver_name
            and driver_values.driver_value = aggregated.driver_value
),

scored as (
    select
        *,
        case when answers > 0 then 100.0 * cast(promoters - detractors as double) / answers end as nps,
        {{ cx_nps_standard_error('promoters', 'detractors', 'answers') }} as nps_standard_error,
        case when customers > 0 then cast(churned_customers as double) / customers end as churned_share
    from filled
),

overall as (
    select
        nps as overall_nps,
        churned_share as overall_churned_share
    from scored
    where driver_name = 'all'
),

final as (
    select
        scored.driver_name,
        scored.driver_value,
        scored.driver_value_order,
        scored.answers,
        scored.promoters,
        scored.passives,
        scored.detractors,
        scored.nps,
        scored.nps_standard_error,
        scored.customers,
        scored.churned_customers,
        scored.churned_share,
        case
            when scored.answers > 0 then greatest(-100.0, scored.nps - 1.96 * scored.nps_standard_error)
        end as nps_ci95_low,
        case
            when scored.answers > 0 then least(100.0, scored.nps + 1.96 * scored.nps_standard_error)
        end as nps_ci95_high,
        scored.nps - overall.overall_nps as nps_vs_all,
        {{ cx_share_ci95('scored.churned_customers', 'scored.customers', 'low') }} as churned_share_ci95_low,
        {{ cx_share_ci95('scored.churned_customers', 'scored.customers', 'high') }} as churned_share_ci95_high,
        scored.churned_share - overall.overall_churned_share as churned_share_vs_all,
        scored.answers < {{ var('cx_min_sample_size') }} as is_small_sample,
        scored.customers < {{ var('cx_min_sample_size') }} as is_small_churn_sample
    from scored
    cross join overall
)

select * from final
