with

base as (
    select * from {{ ref('base_survey_export__responses') }}
),

final as (
    select
        response_key,
        export_name,
        source_file,
        source_line,
        survey_type,
        question_id,
        survey_channel,
        touchpoint,
        score,
        comment_text,
        submitted_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
