{#- Every raw pulse answer row, typed, with the reason it cannot be used (null when it can). -#}
{#- A table, not a view: the hashing SQL holds the salt, and a view would keep it in the
    warehouse catalogue (DECISIONLOG.md#pii-hashing). -#}
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('hr', 'pulse_responses') }}
),

pii_protected as (
    -- The employee id hashed with the salt before anything else reads the row
    -- (DECISIONLOG.md#pii-hashing); raw_record below is built from this row.
    select
        source.id,
        {{ cx_hash_pii('source.employee_id', 'id') }} as employee_id,
        source.team,
        source.wave_date,
        source.enps_score,
        source.submitted_at,
        source._loaded_at
    from source
),

renamed as (
    select
        cast(pii_protected.id as bigint) as pulse_response_id,
        pii_protected.employee_id as employee_id_hash,
        {{ cx_normalize_category('pii_protected.team', ['support', 'logistics', 'sales', 'product']) }} as team,
        cast(pii_protected.wave_date as date) as wave_date,
        -- Parsed from text, so a score delivered as text ("ten") is rejected by row.
        cast(pii_protected.enps_score as {{ dbt.type_string() }}) as enps_score_text,
        {{ cx_parse_integer('cast(pii_protected.enps_score as ' ~ dbt.type_string() ~ ')') }} as enps_score,
        cast(pii_protected.submitted_at as timestamp) as submitted_at,
        cast(pii_protected._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('pii_protected') }} as raw_record
    from pii_protected
),

validated as (
    select
        *,
        case
            when pulse_response_id is null then 'missing_key'
            when employee_id_hash is null then 'missing_employee'
            when enps_score_text is null or trim(enps_score_text) = '' then 'score_missing'
            when enps_score is null then 'score_not_integer'
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
