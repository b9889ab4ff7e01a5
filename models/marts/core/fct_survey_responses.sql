{#-
    One row per usable survey answer (NPS, CSAT, CES) from every survey source, classified
    once: the NPS category and programme are computed here and nowhere else.
-#}
with

responses as (
    select * from {{ ref('int_survey_responses_joined') }}
    where reject_reason is null
),

classified as (
    select
        *,
        {{ cx_nps_program('survey_type', 'question_id') }} as nps_program,
        case
            when question_id = 'nps_0_10' then {{ cx_nps_category('score') }}
        end as nps_category
    from responses
),

final as (
    select
        response_key,
        source_system,
        response_id,
        invitation_id,
        customer_id,
        survey_type,
        nps_program,
        question_id,
        touchpoint,
        survey_channel,
        order_id,
        coalesce(order_device, 'none') as order_device,
        coalesce(payment_method, 'none') as payment_method,
        coalesce(carrier, 'none') as carrier,
        coalesce(delivery_timeliness, 'none') as delivery_timeliness,
        region,
        language,
        value_tier,
        acquisition_channel,
        score,
        nps_category,
        case when nps_category = 'promoter' then 1 else 0 end as is_nps_promoter,
        case when nps_category = 'passive' then 1 else 0 end as is_nps_passive,
        case when nps_category = 'detractor' then 1 else 0 end as is_nps_detractor,
        case
            when question_id = 'csat_1_5' and score >= {{ var('cx_csat_top_box_min') }} then 1 else 0
        end as is_csat_top_box,
        case
            when question_id = 'ces_1_7' and score >= {{ var('cx_ces_easy_min') }} then 1 else 0
        end as is_ces_easy,
        comment_text is not null as has_comment,
        submitted_at,
        cast({{ dbt.date_trunc('month', 'submitted_at') }} as date) as submitted_month
    from classified
)

select * from final
