{#- Every imported export line, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('survey_export', 'responses') }}
),

pii_protected as (
    -- E-mail addresses and phone numbers in the comment masked before anything else reads
    -- the row (DECISIONLOG.md#pii-hashing); raw_record below is built from this row.
    select
        source.response_key,
        source.export_name,
        source.source_file,
        source.source_line,
        source.survey_type,
        source.question_id,
        source.channel,
        source.touchpoint,
        source.score,
        {{ cx_mask_pii_in_text('source.comment') }} as comment_masked,
        source.responded_at_raw,
        source.responded_at_utc,
        source._loaded_at
    from source
),

renamed as (
    select
        pii_protected.response_key,
        pii_protected.export_name,
        pii_protected.source_file,
        cast(pii_protected.source_line as bigint) as source_line,
        lower(trim(pii_protected.survey_type)) as survey_type,
        lower(trim(pii_protected.question_id)) as question_id,
        coalesce(
            {{ cx_slugify('pii_protected.channel') }},
            'unknown'
        ) as survey_channel,
        coalesce({{ cx_slugify('pii_protected.touchpoint') }}, 'unknown') as touchpoint,
        pii_protected.score as score_text,
        {{ cx_parse_integer('pii_protected.score') }} as score,
        {{ cx_nonblank_text('pii_protected.comment_masked') }} as comment_text,
        pii_protected.responded_at_raw as submitted_at_text,
        {{ cx_to_utc_timestamp('pii_protected.responded_at_utc') }} as submitted_at,
        cast(pii_protected._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('pii_protected') }} as raw_record
    from pii_protected
),

validated as (
    select
        *,
        coalesce(
            case when response_key is null then 'missing_key' end,
            {{ cx_survey_score_error('question_id', 'score_text', 'score') }},
            case when submitted_at is null then 'unparseable_timestamp' end,
            {{ cx_timestamp_range_error('submitted_at', 'loaded_at') }},
            case
                when {{ dbt.length('comment_text') }} > {{ var('cx_max_comment_chars') }} then 'text_too_long'
            end
        ) as validation_error
    from renamed
),

final as (
    {#- one file repeating an id: its last line wins (same load time) -#}
    {{ cx_dedupe_and_flag('validated', 'response_key', tie_breaker='source_line') }}
)

select * from final
