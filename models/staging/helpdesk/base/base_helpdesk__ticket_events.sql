{#- Every raw ticket event row, typed, with the reason it cannot be used (null when it can). -#}
{%- set ticket_statuses = ['open', 'pending', 'solved', 'closed', 'reopened'] %}
with

source as (
    select * from {{ source('helpdesk', 'ticket_events') }}
),

pii_protected as (
    -- E-mail addresses and phone numbers in the message body masked before anything else
    -- reads the row (DECISIONLOG.md#pii-hashing); raw_record below is built from this row.
    select
        source.id,
        source.ticket_id,
        source.event_type,
        source.author_type,
        source.agent_id,
        source.new_status,
        {{ cx_mask_pii_in_text('source.body') }} as body,
        source.created_at,
        source._loaded_at
    from source
),

renamed as (
    select
        cast(pii_protected.id as bigint) as ticket_event_id,
        cast(pii_protected.ticket_id as bigint) as ticket_id,
        {{ cx_normalize_category(
            'pii_protected.event_type', ['message_in', 'message_out', 'transfer', 'status_change']
        ) }}
            as event_type,
        {{ cx_normalize_category('pii_protected.author_type', ['customer', 'agent', 'system']) }} as author_type,
        cast(pii_protected.agent_id as bigint) as agent_id,
        case
            when nullif(trim(pii_protected.new_status), '') is not null
                then {{ cx_normalize_category('pii_protected.new_status', ticket_statuses) }}
        end as new_status,
        {{ cx_nonblank_text('pii_protected.body') }} as body_text,
        pii_protected.created_at as created_at_text,
        {{ cx_to_utc_timestamp('pii_protected.created_at') }} as created_at,
        cast(pii_protected._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('pii_protected') }} as raw_record
    from pii_protected
),

validated as (
    select
        *,
        case
            when ticket_event_id is null then 'missing_key'
            when ticket_id is null then 'missing_ticket'
            when created_at_text is null or trim(created_at_text) = '' then 'missing_timestamp'
            when created_at is null then 'unparseable_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'ticket_event_id') }}
)

select * from final
