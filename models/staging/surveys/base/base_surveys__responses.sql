{#- Every raw response row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('surveys', 'responses') }}
),

renamed as (
    select
        cast(source.id as bigint) as response_id,
        cast(source.invitation_id as bigint) as invitation_id,
        cast(source.customer_id as bigint) as customer_id,
        lower(trim(source.question_id)) as question_id,
        source.score as score_text,
        {{ cx_parse_integer('source.score') }} as score,
        nullif(trim(source.comment), '') as comment_text,
        source.submitted_at as submitted_at_text,
        {{ cx_to_utc_timestamp('source.submitted_at') }} as submitted_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        coalesce(
            case when response_id is null then 'missing_key' end,
            {{ cx_survey_score_error('question_id', 'score_text', 'score') }},
            case when submitted_at is null then 'unparseable_timestamp' end
        ) as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'response_id') }}
)

select * from final
