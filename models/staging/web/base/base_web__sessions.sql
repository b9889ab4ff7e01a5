{#- Every raw web session row, typed, with the reason it cannot be used (null when it can). -#}
{#- A table, not a view: the hashing SQL holds the salt, and a view would keep it in the
    warehouse catalogue (DECISIONLOG.md#pii-hashing). -#}
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('web', 'sessions') }}
),

pii_protected as (
    -- The analytics cookie id hashed with the salt before anything else reads the row
    -- (DECISIONLOG.md#pii-hashing); raw_record below is built from this row.
    select
        source.id,
        source.customer_id,
        {{ cx_hash_pii('source.anonymous_id', 'id') }} as anonymous_id,
        source.started_at,
        source.device,
        source.utm_source,
        source._loaded_at
    from source
),

renamed as (
    select
        cast(pii_protected.id as bigint) as session_id,
        cast(pii_protected.customer_id as bigint) as customer_id,
        pii_protected.anonymous_id as anonymous_id_hash,
        cast(pii_protected.started_at as timestamp) as started_at,
        {{ cx_normalize_category('pii_protected.device', var('cx_devices')) }} as device,
        lower(nullif(trim(pii_protected.utm_source), '')) as utm_source,
        cast(pii_protected._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('pii_protected') }} as raw_record
    from pii_protected
),

validated as (
    select
        *,
        case
            when session_id is null then 'missing_key'
            when started_at is null then 'missing_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'session_id') }}
)

select * from final
