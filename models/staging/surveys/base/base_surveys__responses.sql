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
        case
            when response_id is null then 'missing_key'
            when
                question_id not in ('nps_0_10', 'csat_1_5', 'ces_1_7')
                or question_id is null then 'unknown_question'
            when score_text is null or trim(score_text) = '' then 'score_missing'
            when score is null then 'score_not_integer'
            when question_id = 'nps_0_10' and score not between 0 and 10 then 'score_out_of_range'
            when question_id = 'csat_1_5' and score not between 1 and 5 then 'score_out_of_range'
            when question_id = 'ces_1_7' and score not between 1 and 7 then 'score_out_of_range'
            when submitted_at is null then 'unparseable_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'response_id') }}
)

select * from final
