{#- Every raw delivery row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('logistics', 'deliveries') }}
),

renamed as (
    select
        cast(source.id as bigint) as delivery_id,
        cast(source.order_id as bigint) as order_id,
        -- 'DHL' -> 'dhl'; names outside the carrier list ('dhl express') -> 'unknown'.
        {{ cx_normalize_category('source.carrier', var('cx_carriers')) }} as carrier,
        cast(source.shipped_at as timestamp) as shipped_at,
        cast(source.promised_date as date) as promised_date,
        cast(source.delivered_at as timestamp) as delivered_at,
        {{ cx_normalize_category('source.status', ['delivered', 'in_transit', 'lost']) }} as delivery_status,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when delivery_id is null then 'missing_key'
            when order_id is null then 'missing_order'
            when delivered_at < shipped_at then 'delivered_before_shipped'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'delivery_id') }}
)

select * from final
