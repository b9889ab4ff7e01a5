{#- Every raw order line row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('shop', 'order_items') }}
),

renamed as (
    select
        cast(source.id as bigint) as order_item_id,
        cast(source.order_id as bigint) as order_id,
        {{ cx_normalize_category('source.product_line', var('cx_product_lines')) }} as product_line,
        nullif(trim(source.sku), '') as sku,
        cast(source.quantity as integer) as quantity,
        cast(source.unit_price as decimal(18, 2)) as unit_price,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when order_item_id is null then 'missing_key'
            when order_id is null then 'missing_order'
            when quantity is null or quantity <= 0 then 'invalid_quantity'
            when unit_price < 0 then 'negative_amount'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'order_item_id') }}
)

select * from final
