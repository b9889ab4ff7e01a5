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
        var('cx_renewal_segments'),
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
        cast(terms_due - terms_renewed as bigint) as terms_not_renewed,
        case when terms_due > 0 then cast(terms_renewed as double) / terms_due end as renewal_rate,
        {{ cx_share_ci95('terms_renewed', 'terms_due', 'low') }} as renewal_rate_ci95_low,
        {{ cx_share_ci95('terms_renewed', 'terms_due', 'high') }} as renewal_rate_ci95_high,
        terms_due < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

final as (
    {{ cx_kpi_change_and_targets(
        'scored', 'renewal_rate', 'renewal_rate',
        standard_error=cx_share_standard_error('renewal_rate', 'terms_due'),
        change_column='renewal_rate_change',
    ) }}
)

select * from final
