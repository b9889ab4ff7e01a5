{#- Every raw payment row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('shop', 'payments') }}
),

renamed as (
    select
        cast(source.id as bigint) as payment_id,
        cast(source.order_id as bigint) as order_id,
        {{ cx_normalize_category('source.payment_method', var('cx_payment_methods')) }} as payment_method,
        cast(source.amount as decimal(18, 2)) as payment_amount,
        {{ cx_normalize_category('source.status', ['succeeded', 'failed']) }} as payment_status,
        cast(source.created_at as timestamp) as attempted_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when payment_id is null then 'missing_key'
            when order_id is null then 'missing_order'
            when attempted_at is null then 'missing_timestamp'
            when payment_amount < 0 then 'negative_amount'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'payment_id') }}
)

select * from final
