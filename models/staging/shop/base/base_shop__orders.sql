{#- Every raw order row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('shop', 'orders') }}
),

renamed as (
    select
        cast(source.id as bigint) as order_id,
        cast(source.customer_id as bigint) as customer_id,
        cast(source.ordered_at as timestamp) as ordered_at,
        {{ cx_normalize_category('source.status', ['completed', 'cancelled', 'returned']) }} as order_status,
        {{ cx_normalize_category('source.sales_channel', var('cx_sales_channels')) }} as sales_channel,
        {{ cx_normalize_category('source.device', var('cx_devices')) }} as device,
        upper(trim(source.currency)) as currency_code,
        cast(source.total_amount as decimal(18, 2)) as total_amount,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when order_id is null then 'missing_key'
            when customer_id is null then 'missing_customer'
            when ordered_at is null then 'missing_timestamp'
            when total_amount < 0 then 'negative_amount'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'order_id') }}
)

select * from final
