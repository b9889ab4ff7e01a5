{#- Every raw follow-up row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('surveys', 'followups') }}
),

renamed as (
    select
        cast(source.id as bigint) as followup_id,
        cast(source.response_id as bigint) as response_id,
        cast(source.owner_agent_id as bigint) as owner_agent_id,
        {{ cx_normalize_category('source.action', ['called', 'emailed', 'refund_issued', 'root_cause_fixed']) }}
            as followup_action,
        cast(source.followed_up_at as timestamp) as followed_up_at,
        cast(source.closed_at as timestamp) as closed_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when followup_id is null then 'missing_key'
            when response_id is null then 'missing_response'
            when followed_up_at is null then 'missing_timestamp'
            when closed_at < followed_up_at then 'closed_before_followed_up'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'followup_id') }}
)

select * from final
