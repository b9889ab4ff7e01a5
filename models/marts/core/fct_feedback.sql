{#-
    One row per usable survey answer seen as feedback: its tone and whether (and how fast)
    it was followed up. The tone from the score and the closed-loop definition of negative
    feedback come from macros/kpis/closed_loop.sql (used only here).
    `feedback_tone` is the column the KPIs read; it is the score-based tone for now and is
    where a text sentiment model will be swapped in. Decisions: DECISIONLOG.md#closed-loop,
    #closed-loop-timing, #feedback-tone.
-#}
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
),

followups as (
    select * from {{ ref('stg_surveys__followups') }}
),

ranked_followups as (
    select
        response_id,
        followed_up_at,
        followup_action,
        closed_at,
        count(*) over (partition by response_id) as followups,
        row_number() over (
            partition by response_id order by followed_up_at asc nulls last, followup_id asc
        ) as followup_rank
    from followups
),

first_followups as (
    select
        response_id,
        followed_up_at,
        followup_action,
        closed_at,
        followups
    from ranked_followups
    where followup_rank = 1
),

joined as (
    select
        responses.response_key,
        responses.source_system,
        responses.response_id,
        responses.customer_id,
        responses.survey_type,
        responses.question_id,
        responses.touchpoint,
        responses.survey_channel,
        responses.region,
        responses.language,
        responses.value_tier,
        responses.score,
        responses.has_comment,
        responses.submitted_at,
        responses.submitted_month,
        first_followups.followed_up_at as first_followed_up_at,
        first_followups.followup_action as first_followup_action,
        first_followups.closed_at as first_followup_closed_at,
        coalesce(first_followups.followups, 0) as followups
    from responses
    left join first_followups
        on
            responses.source_system = 'surveys'
            and responses.response_id = first_followups.response_id
),

classified as (
    select
        *,
        {{ cx_score_tone('question_id', 'score') }} as score_tone,
        {{ cx_is_negative_feedback('question_id', 'score') }} as is_negative_feedback,
        {{ cx_duration_seconds('submitted_at', 'first_followed_up_at') }} / 3600.0 as hours_to_first_followup
    from joined
),

toned as (
    select
        *,
        -- the swap point: score-based until a text sentiment model exists (#feedback-tone)
        score_tone as feedback_tone,
        'score' as feedback_tone_source
    from classified
),

final as (
    select
        response_key,
        source_system,
        response_id,
        customer_id,
        survey_type,
        question_id,
        touchpoint,
        survey_channel,
        region,
        language,
        value_tier,
        score,
        has_comment,
        case when has_comment then 1 else 0 end as is_commented,
        score_tone,
        feedback_tone,
        feedback_tone_source,
        case when feedback_tone = 'negative' then 1 else 0 end as is_tone_negative,
        case when feedback_tone = 'neutral' then 1 else 0 end as is_tone_neutral,
        case when feedback_tone = 'positive' then 1 else 0 end as is_tone_positive,
        is_negative_feedback,
        cast(followups as integer) as followups,
        first_followed_up_at,
        first_followup_action,
        first_followup_closed_at,
        cast(hours_to_first_followup as double) as hours_to_first_followup,
        case when first_followed_up_at is not null then 1 else 0 end as is_followed_up,
        case
            when hours_to_first_followup <= {{ var('cx_closed_loop_target_hours') }} then 1 else 0
        end as is_followed_up_within_target,
        submitted_at,
        submitted_month
    from toned
)

select * from final
