{#- Every raw ticket event row, typed, with the reason it cannot be used (null when it can). -#}
{%- set ticket_statuses = ['open', 'pending', 'solved', 'closed', 'reopened'] %}
with

source as (
    select * from {{ source('helpdesk', 'ticket_events') }}
),

renamed as (
    select
        cast(source.id as bigint) as ticket_event_id,
        cast(source.ticket_id as bigint) as ticket_id,
        {{ cx_normalize_category('source.event_type', ['message_in', 'message_out', 'transfer', 'status_change']) }}
            as event_type,
        {{ cx_normalize_category('source.author_type', ['customer', 'agent', 'system']) }} as author_type,
        cast(source.agent_id as bigint) as agent_id,
        case
            when nullif(trim(source.new_status), '') is not null
                then {{ cx_normalize_category('source.new_status', ticket_statuses) }}
        end as new_status,
        nullif(trim(source.body), '') as body_text,
        source.created_at as created_at_text,
        {{ cx_to_utc_timestamp('source.created_at') }} as created_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
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
