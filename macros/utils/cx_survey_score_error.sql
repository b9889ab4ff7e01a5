{#-
    Why a survey answer's score cannot be used, or null when it can: one rule for every
    survey source (DECISIONLOG.md#raw-data-mess). The scale comes from the question id:
    nps_0_10, csat_1_5, ces_1_7.
-#}
{% macro cx_survey_score_error(question_id, score_text, score) -%}
    case
        when {{ question_id }} is null
            or {{ question_id }} not in ('nps_0_10', 'csat_1_5', 'ces_1_7') then 'unknown_question'
        when {{ score_text }} is null or trim({{ score_text }}) = '' then 'score_missing'
        when {{ score }} is null then 'score_not_integer'
        when {{ question_id }} = 'nps_0_10' and {{ score }} not between 0 and 10 then 'score_out_of_range'
        when {{ question_id }} = 'csat_1_5' and {{ score }} not between 1 and 5 then 'score_out_of_range'
        when {{ question_id }} = 'ces_1_7' and {{ score }} not between 1 and 7 then 'score_out_of_range'
    end
{%- endmacro %}
