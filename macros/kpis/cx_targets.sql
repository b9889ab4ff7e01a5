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
    For a share column (successes / trials), the columns the month-on-month significance test
    needs: `share_standard_error` = sqrt(p(1-p)/n) (null without trials), and the previous
    month's `previous_share` and `previous_share_standard_error` within the same series
    (`partition_by`: the series' key columns). Use in a select over the scored mart CTE,
    then pass them to cx_change_is_significant.
-#}
{% macro cx_share_with_previous(share, trials, partition_by=['segment_name', 'segment_value'], order_by='kpi_month') -%}
    {%- set standard_error -%}
        case when {{ trials }} > 0 then sqrt({{ share }} * (1 - {{ share }}) / {{ trials }}) end
    {%- endset -%}
    {%- set window -%}
        over (partition by {{ partition_by | join(', ') }} order by {{ order_by }})
    {%- endset -%}
    {{ standard_error }} as share_standard_error,
    lag({{ share }}) {{ window }} as previous_share,
    lag({{ standard_error }}) {{ window }} as previous_share_standard_error
{%- endmacro %}
