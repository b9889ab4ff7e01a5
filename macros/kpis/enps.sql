{#-
    Employee NPS (eNPS) logic, defined once (DECISIONLOG.md#enps).

    cx_enps_category: the NPS bands of cx_nps_category (promoter 9-10, passive 7-8,
    detractor 0-6, vars cx_nps_promoter_min / cx_nps_detractor_max) applied to the pulse
    question "How likely are you to recommend working here?". Used only in fct_pulse_responses.
-#}
{% macro cx_enps_category(score_expr) -%}
    {{ cx_nps_category(score_expr) }}
{%- endmacro %}

{#-
    Confidentiality: an eNPS (and its promoter / detractor counts) is published only for a
    group of at least var cx_enps_min_answers answers, so that no small team's
    answers can be read back. True / false for an answer count expression.
-#}
{% macro cx_enps_is_reportable(answers_expr) -%}
    ({{ answers_expr }} >= {{ var('cx_enps_min_answers') }})
{%- endmacro %}
