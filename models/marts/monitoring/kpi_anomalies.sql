{#-
    KPI values and volumes far from their own history: one row per flagged point. Each series
    is a KPI mart's headline value or its volume (the rows it counts) for the `all` segment of
    each partition, by month. The series' drift is the median of its month-on-month changes
    over the previous 12 months; each of the months 1, 2 and 3 back (and 12 back, the same
    month last year, when there) votes for value + months back x drift, and the median vote is
    the expected value, so a trend is followed and one odd month among the votes does not
    move it. The spread is 1.4826 x the median absolute deviation of those changes from the
    drift (a robust standard deviation), and never below var cx_anomaly_min_relative_spread of
    the expected value. A point is flagged when it lies more than var cx_anomaly_threshold
    spreads away, with at least var cx_anomaly_min_history month-on-month changes behind it.
    The sentiment KPI is left out (it refs a Python model: this mart stays on every engine).
    Decision: DECISIONLOG.md#kpi-anomalies.
-#}
{%- set series = [
    ('kpi_nps_monthly', 'nps', 'answers', 'kpi_partition'),
    ('kpi_csat_monthly', 'csat_top_box_share', 'answers', none),
    ('kpi_ces_monthly', 'ces_easy_share', 'answers', none),
    ('kpi_survey_response_rate_monthly', 'response_rate', 'invitations', none),
    ('kpi_closed_loop_monthly', 'closed_loop_rate', 'negative_answers', none),
    ('kpi_feedback_monthly', 'tone_negative_share', 'answers', none),
    ('kpi_enps_monthly', 'enps', 'answers', none),
    ('kpi_fcr_monthly', 'fcr_rate', 'tickets', none),
    ('kpi_first_response_time_monthly', 'first_response_median_seconds', 'tickets', none),
    ('kpi_resolution_time_monthly', 'resolution_median_seconds', 'tickets', none),
    ('kpi_churn_monthly', 'churn_rate', 'customers_at_start', none),
    ('kpi_renewal_monthly', 'renewal_rate', 'terms_due', none),
    ('kpi_referral_monthly', 'referral_rate', 'active_customers', none),
    ('kpi_journey_completion_monthly', 'completion_rate', 'journeys_started', 'journey'),
] -%}
{%- set measures = [] -%}
{%- for mart, value_column, volume_column, partition_column in series -%}
    {%- do measures.append((mart, value_column, 'value', partition_column)) -%}
    {%- do measures.append((mart, volume_column, 'volume', partition_column)) -%}
{%- endfor -%}
with

points as (
    {{ cx_kpi_series(measures) }}
),

indexed as (
    select
        *,
        year(kpi_month) * 12 + month(kpi_month) as month_index
    from points
),

changes as (
    select
        later_point.kpi_mart,
        later_point.measure,
        later_point.kpi_partition,
        later_point.month_index,
        later_point.observed_value - earlier_point.observed_value as monthly_change
    from indexed as later_point
    inner join indexed as earlier_point
        on
            later_point.kpi_mart = earlier_point.kpi_mart
            and later_point.measure = earlier_point.measure
            and later_point.kpi_partition = earlier_point.kpi_partition
            and later_point.month_index - 1 = earlier_point.month_index
),

recent_changes as (
    select
        current_point.kpi_mart,
        current_point.measure,
        current_point.kpi_partition,
        current_point.month_index,
        changes.monthly_change
    from indexed as current_point
    inner join changes
        on
            current_point.kpi_mart = changes.kpi_mart
            and current_point.measure = changes.measure
            and current_point.kpi_partition = changes.kpi_partition
            and current_point.month_index > changes.month_index
            and current_point.month_index - 12 <= changes.month_index
),

drifts as (
    select
        kpi_mart,
        measure,
        kpi_partition,
        month_index,
        count(*) as history_months,
        {{ cx_percentile('monthly_change', 0.5) }} as drift
    from recent_changes
    group by kpi_mart, measure, kpi_partition, month_index
),

spreads as (
    select
        recent_changes.kpi_mart,
        recent_changes.measure,
        recent_changes.kpi_partition,
        recent_changes.month_index,
        {{ cx_percentile('abs(recent_changes.monthly_change - drifts.drift)', 0.5) }} as change_mad
    from recent_changes
    inner join drifts
        on
            recent_changes.kpi_mart = drifts.kpi_mart
            and recent_changes.measure = drifts.measure
            and recent_changes.kpi_partition = drifts.kpi_partition
            and recent_changes.month_index = drifts.month_index
    group by recent_changes.kpi_mart, recent_changes.measure, recent_changes.kpi_partition, recent_changes.month_index
),

votes as (
    select
        drifts.kpi_mart,
        drifts.measure,
        drifts.kpi_partition,
        drifts.month_index,
        max(case when drifts.month_index - earlier_point.month_index = 12 then 1 else 0 end) as has_last_year,
        {{ cx_percentile(
            'earlier_point.observed_value + (drifts.month_index - earlier_point.month_index) * drifts.drift', 0.5
        ) }} as expected_value
    from drifts
    inner join indexed as earlier_point
        on
            drifts.kpi_mart = earlier_point.kpi_mart
            and drifts.measure = earlier_point.measure
            and drifts.kpi_partition = earlier_point.kpi_partition
            and drifts.month_index - earlier_point.month_index in (1, 2, 3, 12)
    group by drifts.kpi_mart, drifts.measure, drifts.kpi_partition, drifts.month_index
),

scored as (
    select
        indexed.kpi_mart,
        indexed.measure,
        indexed.measure_kind,
        indexed.kpi_partition,
        indexed.kpi_month,
        indexed.observed_value,
        votes.expected_value,
        drifts.history_months,
        drifts.drift,
        case when votes.has_last_year = 1 then 'trend_and_season' else 'trend' end as expected_method,
        greatest(
            1.4826 * spreads.change_mad,
            {{ var('cx_anomaly_min_relative_spread') }} * abs(votes.expected_value),
            1e-9
        ) as robust_spread
    from indexed
    inner join drifts
        on
            indexed.kpi_mart = drifts.kpi_mart
            and indexed.measure = drifts.measure
            and indexed.kpi_partition = drifts.kpi_partition
            and indexed.month_index = drifts.month_index
    inner join spreads
        on
            indexed.kpi_mart = spreads.kpi_mart
            and indexed.measure = spreads.measure
            and indexed.kpi_partition = spreads.kpi_partition
            and indexed.month_index = spreads.month_index
    inner join votes
        on
            indexed.kpi_mart = votes.kpi_mart
            and indexed.measure = votes.measure
            and indexed.kpi_partition = votes.kpi_partition
            and indexed.month_index = votes.month_index
    where drifts.history_months >= {{ var('cx_anomaly_min_history') }}
),

evaluated as (
    select
        kpi_mart,
        measure,
        measure_kind,
        kpi_partition,
        kpi_month,
        observed_value,
        expected_value,
        expected_method,
        history_months,
        drift,
        robust_spread,
        (observed_value - expected_value) / robust_spread as deviation_score,
        expected_value - {{ var('cx_anomaly_threshold') }} * robust_spread as band_low,
        expected_value + {{ var('cx_anomaly_threshold') }} * robust_spread as band_high,
        case when observed_value > expected_value then 'above' else 'below' end as direction,
        kpi_month = max(kpi_month) over (
            partition by kpi_mart, measure, kpi_partition
        ) as is_latest_month
    from scored
),

final as (
    select * from evaluated
    where abs(deviation_score) > {{ var('cx_anomaly_threshold') }}
)

select * from final
