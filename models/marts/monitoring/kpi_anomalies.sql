{#-
    KPI values and volumes far from their own history: one row per flagged point. Each series
    is a KPI mart's headline value or its volume (the rows it counts) for the `all` segment of
    each partition, by month. A month is compared with an expected value learned from the
    series itself: the median of the same calendar month in earlier years when at least two
    are there (seasonal), else the median of the previous 12 months (trailing). The spread is
    the median absolute deviation (MAD) of the previous 12 months around their median, scaled
    by 1.4826 to a standard deviation, and never below var cx_anomaly_min_relative_spread of
    the expected value. A point is flagged when it lies more than var cx_anomaly_threshold
    spreads away, with at least var cx_anomaly_min_history earlier months. The sentiment KPI
    is left out (it refs a Python model: this mart stays on every engine).
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
    ('kpi_journey_completion_monthly', 'completion_rate', 'journeys_started', 'kpi_partition'),
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

history as (
    select
        current_point.kpi_mart,
        current_point.measure,
        current_point.kpi_partition,
        current_point.kpi_month,
        earlier_point.observed_value as earlier_value,
        current_point.month_index - earlier_point.month_index as lag_months
    from indexed as current_point
    inner join indexed as earlier_point
        on
            current_point.kpi_mart = earlier_point.kpi_mart
            and current_point.measure = earlier_point.measure
            and current_point.kpi_partition = earlier_point.kpi_partition
            and current_point.month_index > earlier_point.month_index
            and current_point.month_index - 36 <= earlier_point.month_index
),

trailing_stats as (
    select
        kpi_mart,
        measure,
        kpi_partition,
        kpi_month,
        count(*) as history_months,
        {{ cx_percentile('earlier_value', 0.5) }} as trailing_median
    from history
    where lag_months <= 12
    group by kpi_mart, measure, kpi_partition, kpi_month
),

seasonal_stats as (
    select
        kpi_mart,
        measure,
        kpi_partition,
        kpi_month,
        count(*) as seasonal_months,
        {{ cx_percentile('earlier_value', 0.5) }} as seasonal_median
    from history
    where lag_months in (12, 24, 36)
    group by kpi_mart, measure, kpi_partition, kpi_month
),

deviations as (
    select
        history.kpi_mart,
        history.measure,
        history.kpi_partition,
        history.kpi_month,
        {{ cx_percentile('abs(history.earlier_value - trailing_stats.trailing_median)', 0.5) }} as trailing_mad
    from history
    inner join trailing_stats
        on
            history.kpi_mart = trailing_stats.kpi_mart
            and history.measure = trailing_stats.measure
            and history.kpi_partition = trailing_stats.kpi_partition
            and history.kpi_month = trailing_stats.kpi_month
    where history.lag_months <= 12
    group by history.kpi_mart, history.measure, history.kpi_partition, history.kpi_month
),

expected as (
    select
        indexed.kpi_mart,
        indexed.measure,
        indexed.measure_kind,
        indexed.kpi_partition,
        indexed.kpi_month,
        indexed.observed_value,
        trailing_stats.history_months,
        deviations.trailing_mad,
        case when seasonal_stats.seasonal_months >= 2 then 'seasonal' else 'trailing' end as expected_method,
        case
            when seasonal_stats.seasonal_months >= 2 then seasonal_stats.seasonal_median
            else trailing_stats.trailing_median
        end as expected_value
    from indexed
    inner join trailing_stats
        on
            indexed.kpi_mart = trailing_stats.kpi_mart
            and indexed.measure = trailing_stats.measure
            and indexed.kpi_partition = trailing_stats.kpi_partition
            and indexed.kpi_month = trailing_stats.kpi_month
    inner join deviations
        on
            indexed.kpi_mart = deviations.kpi_mart
            and indexed.measure = deviations.measure
            and indexed.kpi_partition = deviations.kpi_partition
            and indexed.kpi_month = deviations.kpi_month
    left join seasonal_stats
        on
            indexed.kpi_mart = seasonal_stats.kpi_mart
            and indexed.measure = seasonal_stats.measure
            and indexed.kpi_partition = seasonal_stats.kpi_partition
            and indexed.kpi_month = seasonal_stats.kpi_month
    where trailing_stats.history_months >= {{ var('cx_anomaly_min_history') }}
),

scored as (
    select
        *,
        greatest(
            1.4826 * trailing_mad,
            {{ var('cx_anomaly_min_relative_spread') }} * abs(expected_value),
            1e-9
        ) as robust_spread
    from expected
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
