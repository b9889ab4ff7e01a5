{#-
    NPS row-level logic, defined once (DECISIONLOG.md#nps-bands).
    0-10 answer -> 'promoter' (>= cx_nps_promoter_min), 'detractor'
    (<= cx_nps_detractor_max), otherwise 'passive'. Null for a null score.
-#}
{% macro cx_nps_category(score_expr) -%}
    case
        when {{ score_expr }} is null then null
        when {{ score_expr }} >= {{ var('cx_nps_promoter_min') }} then 'promoter'
        when {{ score_expr }} <= {{ var('cx_nps_detractor_max') }} then 'detractor'
        else 'passive'
    end
{%- endmacro %}

{#-
    Which NPS programme an answer belongs to (DECISIONLOG.md#relationship-vs-transactional-nps):
    'relationship' for the survey types listed in cx_relationship_nps_survey_types,
    'transactional' for every other NPS question, null when the question is not NPS.
-#}
{% macro cx_nps_program(survey_type_expr, question_id_expr) -%}
    case
        when {{ question_id_expr }} != 'nps_0_10' then null
        when {{ survey_type_expr }} in (
            {%- for t in var('cx_relationship_nps_survey_types') %}'{{ t }}'{{ ", " if not loop.last }}{% endfor -%}
        ) then 'relationship'
        else 'transactional'
    end
{%- endmacro %}

{#-
    Standard error of an NPS (in points, -100..100) from the promoter and detractor counts:
    100 * sqrt((p + d - (p - d)^2) / n), p and d being the shares. Null when n = 0.
-#}
{% macro cx_nps_standard_error(promoters, detractors, answers) -%}
    case
        when {{ answers }} > 0 then 100.0 * sqrt(
            (
                cast({{ promoters }} + {{ detractors }} as double) / {{ answers }}
                - power(cast({{ promoters }} - {{ detractors }} as double) / {{ answers }}, 2)
            ) / {{ answers }}
        )
    end
{%- endmacro %}
