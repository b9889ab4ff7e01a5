{#- Every raw ticket row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('helpdesk', 'tickets') }}
),

renamed as (
    select
        cast(source.id as bigint) as ticket_id,
        cast(source.requester_id as bigint) as customer_id,
        {{ cx_normalize_category('source.channel', var('cx_ticket_channels')) }} as ticket_channel,
        {{ cx_normalize_category('source.issue_type', var('cx_issue_types')) }} as issue_type,
        {{ cx_normalize_category('source.priority', var('cx_ticket_priorities')) }} as priority,
        {{ cx_normalize_category('source.status', ['open', 'pending', 'solved', 'closed']) }} as ticket_status,
        cast(source.order_id as bigint) as order_id,
        nullif(trim(source.subject), '') as subject,
        cast(source.created_at as timestamp) as created_at,
        cast(source.updated_at as timestamp) as updated_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when ticket_id is null then 'missing_key'
            when customer_id is null then 'missing_customer'
            when created_at is null then 'missing_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'ticket_id') }}
)

select * from final
