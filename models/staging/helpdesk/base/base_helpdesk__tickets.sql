{#- Every raw ticket row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('helpdesk', 'tickets') }}
),

pii_protected as (
    -- E-mail addresses and phone numbers in the subject masked before anything else reads
    -- the row (DECISIONLOG.md#pii-hashing); raw_record below is built from this row.
    select
        source.id,
        source.requester_id,
        source.channel,
        source.issue_type,
        source.priority,
        source.status,
        source.order_id,
        {{ cx_mask_pii_in_text('source.subject') }} as subject,
        source.created_at,
        source.updated_at,
        source._loaded_at
    from source
),

renamed as (
    select
        cast(pii_protected.id as bigint) as ticket_id,
        cast(pii_protected.requester_id as bigint) as customer_id,
        {{ cx_normalize_category('pii_protected.channel', var('cx_ticket_channels')) }} as ticket_channel,
        {{ cx_normalize_category('pii_protected.issue_type', var('cx_issue_types')) }} as issue_type,
        {{ cx_normalize_category('pii_protected.priority', var('cx_ticket_priorities')) }} as priority,
        {{ cx_normalize_category('pii_protected.status', ['open', 'pending', 'solved', 'closed']) }} as ticket_status,
        cast(pii_protected.order_id as bigint) as order_id,
        {{ cx_nonblank_text('pii_protected.subject') }} as subject,
        cast(pii_protected.created_at as timestamp) as created_at,
        cast(pii_protected.updated_at as timestamp) as updated_at,
        cast(pii_protected._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('pii_protected') }} as raw_record
    from pii_protected
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
