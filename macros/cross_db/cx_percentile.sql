{#-
    p-th percentile (0-1) of an expression, continuous (linear interpolation between the two
    nearest values), exact and the same on every engine: DuckDB quantile_cont, Spark
    percentile (not percentile_approx). MetricFlow's percentile with
    use_discrete_percentile: false computes the same (DECISIONLOG.md#spark-engine).
-#}
{% macro cx_percentile(expr, p) -%}
    {{ return(adapter.dispatch('cx_percentile', 'cx_metrics')(expr, p)) }}
{%- endmacro %}

{% macro default__cx_percentile(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}

{% macro spark__cx_percentile(expr, p) -%}
    percentile({{ expr }}, {{ p }})
{%- endmacro %}
