{#-
    Target range of a KPI for each row of a mart CTE: the segment's own range from the
    kpi_targets seed, else the KPI's `all` range. Emits the two left joins; use with
    cx_target_columns in the select list. `kpi_sql` is a SQL expression giving the KPI
    (metric) name, e.g. "'csat_top_box_share'"; `alias` is the mart CTE's alias.
-#}
{% macro cx_target_joins(kpi_sql, alias) -%}
    left join {{ ref('kpi_targets') }} as segment_target
        on
            segment_target.kpi = {{ kpi_sql }}
            and {{ alias }}.segment_name = segment_target.segment_name
            and {{ alias }}.segment_value = segment_target.segment_value
    left join {{ ref('kpi_targets') }} as overall_target
        on
            overall_target.kpi = {{ kpi_sql }}
            and overall_target.segment_name = 'all'
            and overall_target.segment_value = 'all'
{%- endmacro %}

{% macro cx_target_columns(value_expr) -%}
    coalesce(segment_target.lower_bound, overall_target.lower_bound) as target_lower_bound,
    coalesce(segment_target.upper_bound, overall_target.upper_bound) as target_upper_bound,
    case
        when {{ value_expr }} is null
            or coalesce(segment_target.lower_bound, overall_target.lower_bound) is null then null
        when {{ value_expr }} < coalesce(segment_target.lower_bound, overall_target.lower_bound) then 'below'
        when {{ value_expr }} > coalesce(segment_target.upper_bound, overall_target.upper_bound) then 'above'
        else 'within'
    end as target_status
{%- endmacro %}

{#-
    Two-sided z-test at 95% of the change of an estimate from the previous period, given
    both estimates and their standard errors: true / false, null when not computable.
-#}
{% macro cx_change_is_significant(value, previous_value, standard_error, previous_standard_error) -%}
    case
        when {{ value }} is null or {{ previous_value }} is null then null
        when power({{ standard_error }}, 2) + power({{ previous_standard_error }}, 2) = 0
            then {{ value }} != {{ previous_value }}
        else abs({{ value }} - {{ previous_value }})
            / sqrt(power({{ standard_error }}, 2) + power({{ previous_standard_error }}, 2)) > 1.96
    end
{%- endmacro %}

{#-
    The tail of every monthly KPI mart: `scored` (a CTE with kpi_month, segment_name,
    segment_value and the mart's columns) with, per row,
    - when `standard_error` is given: `change_column` (the KPI minus the previous month's, in
      the same series) and is_change_significant (cx_change_is_significant of the two
      estimates and their standard errors); a series is a segment value, within a partition
      when `partition_column` (the mart's partition, e.g. kpi_partition) is given;
    - the target range and status of the KPI (cx_target_joins / cx_target_columns).
    `value` is the KPI column, `standard_error` a SQL expression over scored's columns (e.g.
    cx_share_standard_error(share, trials)); `target_kpi` the KPI's name in the kpi_targets
    seed, prefixed by the partition (`<partition>_<target_kpi>`) when there is one.
-#}
{% macro cx_kpi_change_and_targets(
    scored, value, target_kpi, standard_error=none, change_column=none, partition_column=none
) -%}
{%- set series = ([partition_column] if partition_column else []) + ['segment_name', 'segment_value'] -%}
{%- set window = 'over (partition by ' ~ series | join(', ') ~ ' order by kpi_month)' -%}
{%- set target_sql = "kpi_compared." ~ partition_column ~ " || '_" ~ target_kpi ~ "'" if partition_column else "'" ~ target_kpi ~ "'" -%}
with

kpi_compared as (
    select
        {%- if standard_error is not none %}
        *,
        {{ value }} - lag({{ value }}) {{ window }} as {{ change_column }},
        {{ cx_change_is_significant(
            value, 'lag(' ~ value ~ ') ' ~ window,
            standard_error, 'lag(' ~ standard_error ~ ') ' ~ window,
        ) }} as is_change_significant
        {%- else %}
        *
        {%- endif %}
    from {{ scored }}
)

select
    kpi_compared.*,
    {{ cx_target_columns('kpi_compared.' ~ value) }}
from kpi_compared
{{ cx_target_joins(target_sql, 'kpi_compared') }}
{%- endmacro %}
