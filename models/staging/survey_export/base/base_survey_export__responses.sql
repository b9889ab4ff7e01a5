{#- Every imported export line, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('survey_export', 'responses') }}
),

renamed as (
    select
        source.response_key,
        source.export_name,
        source.source_file,
        cast(source.source_line as bigint) as source_line,
        lower(trim(source.survey_type)) as survey_type,
        lower(trim(source.question_id)) as question_id,
        coalesce(
            {{ cx_slugify('source.channel') }},
            'unknown'
        ) as survey_channel,
        coalesce({{ cx_slugify('source.touchpoint') }}, 'unknown') as touchpoint,
        source.score as score_text,
        {{ cx_parse_integer('source.score') }} as score,
        nullif(trim(source.comment), '') as comment_text,
        source.responded_at_raw as submitted_at_text,
        {{ cx_to_utc_timestamp('source.responded_at_utc') }} as submitted_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        coalesce(
            case when response_key is null then 'missing_key' end,
            {{ cx_survey_score_error('question_id', 'score_text', 'score') }},
            case when submitted_at is null then 'unparseable_timestamp' end
        ) as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'response_key') }}
)

select * from final
