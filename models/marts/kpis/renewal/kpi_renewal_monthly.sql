{#-
    Subscription renewal by month and segment: terms renewed / terms that came up for
    renewal, by the month the renewal was due (a share, 0-1), with sample size, a 95% Wilson
    interval, the change from the previous month and the target range. Formula: metrics in
    renewal.yml; row-level logic: fct_subscription_terms (macro cx_term_is_renewed).
-#}
with

due_terms as (
    select * from {{ ref('fct_subscription_terms') }}
    where is_due = 1
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'due_terms', 'renewal_due_month',
        var('cx_renewal_segments', ['plan', 'billing_period', 'region', 'value_tier']),
        {
            'terms_due': 'sum(is_due)',
            'terms_renewed': 'sum(is_renewed)',
        },
        zero_fill=['terms_due', 'terms_renewed'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(terms_due as bigint) as terms_due,
        cast(terms_renewed as bigint) as terms_renewed,
        case when terms_due > 0 then cast(terms_renewed as double) / terms_due end as renewal_rate,
        {{ cx_share_ci95('terms_renewed', 'terms_due', 'low') }} as renewal_rate_ci95_low,
        {{ cx_share_ci95('terms_renewed', 'terms_due', 'high') }} as renewal_rate_ci95_high,
        terms_due < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

with_previous as (
    select
        *,
        {{ cx_share_with_previous('renewal_rate', 'terms_due') }}
    from scored
),

final as (
    select
        with_previous.kpi_month,
        with_previous.segment_name,
        with_previous.segment_value,
        with_previous.terms_due,
        with_previous.terms_renewed,
        with_previous.terms_due - with_previous.terms_renewed as terms_not_renewed,
        with_previous.renewal_rate,
        with_previous.renewal_rate_ci95_low,
        with_previous.renewal_rate_ci95_high,
        with_previous.is_small_sample,
        with_previous.renewal_rate - with_previous.previous_share as renewal_rate_change,
        {{ cx_change_is_significant(
            'with_previous.renewal_rate', 'with_previous.previous_share',
            'with_previous.share_standard_error', 'with_previous.previous_share_standard_error'
        ) }} as is_change_significant,
        {{ cx_target_columns('with_previous.renewal_rate') }}
    from with_previous
    {{ cx_target_joins("'renewal_rate'", 'with_previous') }}
)

select * from final
