{#- Every raw response row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('surveys', 'responses') }}
),

pii_protected as (
    -- E-mail addresses and phone numbers in the comment masked before anything else reads
    -- the row (DECISIONLOG.md#pii-hashing); raw_record below is built from this row.
    select
        source.id,
        source.invitation_id,
        source.customer_id,
        source.question_id,
        source.score,
        {{ cx_mask_pii_in_text('source.comment') }} as comment_masked,
        source.submitted_at,
        source._loaded_at
    from source
),

renamed as (
    select
        cast(pii_protected.id as bigint) as response_id,
        cast(pii_protected.invitation_id as bigint) as invitation_id,
        cast(pii_protected.customer_id as bigint) as customer_id,
        lower(trim(pii_protected.question_id)) as question_id,
        pii_protected.score as score_text,
        {{ cx_parse_integer('pii_protected.score') }} as score,
        {{ cx_nonblank_text('pii_protected.comment_masked') }} as comment_text,
        pii_protected.submitted_at as submitted_at_text,
        {{ cx_to_utc_timestamp('pii_protected.submitted_at') }} as submitted_at,
        cast(pii_protected._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('pii_protected') }} as raw_record
    from pii_protected
),

validated as (
    select
        *,
        coalesce(
            case when response_id is null then 'missing_key' end,
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
    {{ cx_dedupe_and_flag('validated', 'response_id') }}
)

select * from final
