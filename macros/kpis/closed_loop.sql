{#-
    Feedback tone from the score and the closed-loop definition of negative feedback,
    defined once (DECISIONLOG.md#closed-loop, #feedback-tone). Used only in fct_feedback.

    Each question's scale has three bands:
    - negative: NPS <= cx_negative_nps_max (6), CSAT <= cx_negative_csat_max (2),
      CES <= cx_negative_ces_max (3): the answers that must be followed up;
    - positive: NPS >= cx_nps_promoter_min (9), CSAT >= cx_csat_top_box_min (4),
      CES >= cx_ces_easy_min (5): the same thresholds as the KPIs' "good" answers;
    - neutral: in between (NPS 7-8, CSAT 3, CES 4 by default).
    Null for a null score or an unknown question.
-#}
{% macro cx_score_tone(question_id_expr, score_expr) -%}
    case
        when {{ score_expr }} is null then null
        when {{ question_id_expr }} = 'nps_0_10' then
            case
                when {{ score_expr }} <= {{ var('cx_negative_nps_max') }} then 'negative'
                when {{ score_expr }} >= {{ var('cx_nps_promoter_min') }} then 'positive'
                else 'neutral'
            end
        when {{ question_id_expr }} = 'csat_1_5' then
            case
                when {{ score_expr }} <= {{ var('cx_negative_csat_max') }} then 'negative'
                when {{ score_expr }} >= {{ var('cx_csat_top_box_min') }} then 'positive'
                else 'neutral'
            end
        when {{ question_id_expr }} = 'ces_1_7' then
            case
                when {{ score_expr }} <= {{ var('cx_negative_ces_max') }} then 'negative'
                when {{ score_expr }} >= {{ var('cx_ces_easy_min') }} then 'positive'
                else 'neutral'
            end
    end
{%- endmacro %}

{#-
    1 when an answer is negative feedback that must be followed up (the score is in its
    question's negative band, see cx_score_tone), else 0. Score-based on purpose: the
    closed-loop duty does not change when a text sentiment model arrives.
-#}
{% macro cx_is_negative_feedback(question_id_expr, score_expr) -%}
    case when {{ cx_score_tone(question_id_expr, score_expr) }} = 'negative' then 1 else 0 end
{%- endmacro %}
