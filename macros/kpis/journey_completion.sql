{#-
    Digital journey row-level logic, defined once and used only in int_journey_steps_defined
    and fct_journeys. Decision: DECISIONLOG.md#journey-completion.
-#}

{#-
    Index of a journey's last step (reaching it completes the journey): the value for the
    journey in var cx_journey_last_step_index ({journey: step_index}) when set,
    else the highest step_index ever tracked for that journey (`observed_max_expr`).
-#}
{% macro cx_journey_last_step_index(journey_expr, observed_max_expr) -%}
    {%- set configured = var('cx_journey_last_step_index') -%}
    {%- if configured -%}
        coalesce(
            case {{ journey_expr }}
                {%- for journey, step_index in configured.items() %}
                    when '{{ journey }}' then {{ step_index }}
                {%- endfor %}
            end,
            {{ observed_max_expr }}
        )
    {%- else -%}
        {{ observed_max_expr }}
    {%- endif -%}
{%- endmacro %}

{#-
    Whether a journey is completed, 1 or 0: its furthest step reached is (at least) the
    journey's last step. A step counts as reached when it or any later step of the journey
    was tracked in the session, so a lost tracking event does not break the funnel.
-#}
{% macro cx_journey_is_completed(furthest_step_expr, last_step_expr) -%}
    case when {{ furthest_step_expr }} >= {{ last_step_expr }} then 1 else 0 end
{%- endmacro %}

{#-
    Segments of the journey KPI marts (completion rate, funnel): columns of fct_journeys,
    each also a dimension `session_journey__<column>` of the semantic layer; 'all' is always
    added. Var cx_journey_segments overrides the default.
-#}
{% macro cx_journey_segments() -%}
    {{ return(var('cx_journey_segments')) }}
{%- endmacro %}
