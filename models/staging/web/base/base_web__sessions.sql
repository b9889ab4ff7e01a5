{#- Every raw web session row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('web', 'sessions') }}
),

renamed as (
    select
        cast(source.id as bigint) as session_id,
        cast(source.customer_id as bigint) as customer_id,
        nullif(trim(source.anonymous_id), '') as anonymous_id,
        cast(source.started_at as timestamp) as started_at,
        {{ cx_normalize_category('source.device', var('cx_devices')) }} as device,
        lower(nullif(trim(source.utm_source), '')) as utm_source,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
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
