{#- Every raw return row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('shop', 'returns') }}
),

renamed as (
    select
        cast(source.id as bigint) as return_id,
        cast(source.order_id as bigint) as order_id,
        {{ cx_normalize_category('source.reason', ['damaged', 'late', 'not_as_described', 'changed_mind']) }}
            as return_reason,
        cast(source.requested_at as timestamp) as requested_at,
        cast(source.completed_at as timestamp) as completed_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when return_id is null then 'missing_key'
            when order_id is null then 'missing_order'
            when requested_at is null then 'missing_timestamp'
            when completed_at < requested_at then 'completed_before_requested'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'return_id') }}
)

select * from final
