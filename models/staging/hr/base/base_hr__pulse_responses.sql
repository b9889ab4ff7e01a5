{#- Every raw pulse answer row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('hr', 'pulse_responses') }}
),

renamed as (
    select
        cast(source.id as bigint) as pulse_response_id,
        cast(source.employee_id as bigint) as employee_id,
        {{ cx_normalize_category('source.team', ['support', 'logistics', 'sales', 'product']) }} as team,
        cast(source.wave_date as date) as wave_date,
        cast(source.enps_score as integer) as enps_score,
        cast(source.submitted_at as timestamp) as submitted_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when pulse_response_id is null then 'missing_key'
            when employee_id is null then 'missing_employee'
            when enps_score is null then 'score_missing'
            when enps_score not between 0 and 10 then 'score_out_of_range'
            when wave_date is null then 'missing_wave'
            when submitted_at is null then 'missing_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'pulse_response_id') }}
)

select * from final
