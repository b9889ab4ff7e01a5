{#-
    The common shape of every monthly KPI mart (README "One mart shape"): one row per
    (kpi_month, [kpi_partition], [keys], segment_name, segment_value), segment 'all' included,
    with the given aggregates. A mart is its facts, this macro (grid and zero-fill), a
    `scored` select (the KPI from the aggregates, with cx_share_ci95 / cx_normal_ci95), and
    cx_kpi_change_and_targets (previous month, significance, targets). DECISIONLOG.md#kpi-mart-shape.

    - relation: the fact (a ref or a CTE name) with one row per counted thing;
    - month_column: its month column (a date, first day of the month, UTC);
    - segments: column names to split by (each becomes a segment_name);
    - aggregates: {output name: aggregate SQL expression}, e.g. {'answers': 'count(*)'};
    - zero_fill: names of aggregates that are 0 (not null) in a month without rows;
    - partition_column: an optional column of the fact kept apart, never mixed (e.g. the NPS
      programme); it becomes the output column `kpi_partition`;
    - keys: further columns of the fact to group by inside a partition (e.g. a funnel step);
    - grid: an optional relation giving the rows to fill instead of the default grid, with
      columns kpi_month, kpi_partition, segment_name, segment_value and the keys; its other
      columns are passed through.

    Default grid: every month between the first and last month with data (per partition) for
    every segment value seen, so a period without data is a row, not a gap.
-#}
{% macro cx_kpi_by_month_and_segment(
    relation, month_column, segments, aggregates, zero_fill=[], partition_column=none, keys=[], grid=none
) -%}
{%- set part_as = partition_column ~ ' as kpi_partition, ' if partition_column else "'all' as kpi_partition, " -%}
{%- set group_keys = ['kpi_month', 'kpi_partition', 'segment_name', 'segment_value'] + keys -%}
with

kpi_rows as (
    select
        {{ part_as }}
        cast({{ month_column }} as date) as kpi_month,
        'all' as segment_name,
        'all' as segment_value,
        *
    from {{ relation }}
    {%- for segment in segments %}
    union all
    select
        {{ part_as }}
        cast({{ month_column }} as date) as kpi_month,
        '{{ segment }}' as segment_name,
        coalesce(cast({{ segment }} as string), 'unknown') as segment_value,
        *
    from {{ relation }}
    {%- endfor %}
),

{%- if grid is none %}

kpi_months as (
    select distinct cast({{ dbt.date_trunc('month', 'date_day') }} as date) as kpi_month
    from {{ ref('metricflow_time_spine') }}
),

kpi_ranges as (
    select
        kpi_partition,
        min(kpi_month) as first_month,
        max(kpi_month) as last_month
    from kpi_rows
    group by kpi_partition
),

kpi_segment_values as (
    select distinct
        kpi_partition,
        segment_name,
        segment_value
    from kpi_rows
),

kpi_grid as (
    select
        kpi_months.kpi_month,
        kpi_segment_values.kpi_partition,
        kpi_segment_values.segment_name,
        kpi_segment_values.segment_value
    from kpi_segment_values
    inner join kpi_ranges
        on kpi_segment_values.kpi_partition = kpi_ranges.kpi_partition
    inner join kpi_months
        on
            kpi_months.kpi_month >= kpi_ranges.first_month
            and kpi_months.kpi_month <= kpi_ranges.last_month
),
{%- else %}

kpi_grid as (
    select * from {{ grid }}
),
{%- endif %}

kpi_aggregated as (
    select
        {%- for key in group_keys %}
        {{ key }},
        {%- endfor %}
        {%- for name, expr in aggregates.items() %}
        {{ expr }} as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from kpi_rows
    group by {{ group_keys | join(', ') }}
)

select
    {%- if grid is none %}
    kpi_grid.kpi_month,
    {%- if partition_column %}
    kpi_grid.kpi_partition,
    {%- endif %}
    kpi_grid.segment_name,
    kpi_grid.segment_value,
    {%- else %}
    kpi_grid.*,
    {%- endif %}
    {%- for name in aggregates %}
    {%- if name in zero_fill %}
    coalesce(kpi_aggregated.{{ name }}, 0) as {{ name }}{{ "," if not loop.last }}
    {%- else %}
    kpi_aggregated.{{ name }}{{ "," if not loop.last }}
    {%- endif %}
    {%- endfor %}
from kpi_grid
left join kpi_aggregated
    on
        {%- for key in group_keys %}
        {{ "and " if not loop.first }}kpi_grid.{{ key }} = kpi_aggregated.{{ key }}
        {%- endfor %}
{%- endmacro %}

{#-
    Wilson 95% confidence interval of a share (successes / trials), 'low' or 'high' end;
    null when there are no trials. Wilson rather than the normal approximation because KPI
    cells are often small and shares near 0 or 1 (DECISIONLOG.md#share-uncertainty).
-#}
{% macro cx_share_ci95(successes, trials, side) -%}
    case
        when {{ trials }} > 0 then (
            (cast({{ successes }} as double) / {{ trials }} + 1.9208 / {{ trials }})
            {{ '-' if side == 'low' else '+' }} 1.96 * sqrt(
                (cast({{ successes }} as double) / {{ trials }}) * (1 - cast({{ successes }} as double) / {{ trials }}) / {{ trials }}
                + 0.9604 / ({{ trials }} * {{ trials }})
            )
        ) / (1 + 3.8416 / {{ trials }})
    end
{%- endmacro %}

{#-
    Normal-approximation 95% interval of an estimate with a standard error, 'low' or 'high'
    end, clipped to the estimate's range [lower, upper] (e.g. -100..100 for an NPS); null
    when the standard error is null.
-#}
{% macro cx_normal_ci95(value, standard_error, side, lower, upper) -%}
    case
        when {{ standard_error }} is not null then
        {%- if side == 'low' %} greatest({{ lower }}, {{ value }} - 1.96 * {{ standard_error }})
        {%- else %} least({{ upper }}, {{ value }} + 1.96 * {{ standard_error }})
        {%- endif %}
    end
{%- endmacro %}

{#-
    Standard error of a share (successes / trials) from the share and the trials:
    sqrt(p(1 - p) / n), null without trials.
-#}
{% macro cx_share_standard_error(share, trials) -%}
    case when {{ trials }} > 0 then sqrt({{ share }} * (1 - {{ share }}) / {{ trials }}) end
{%- endmacro %}
