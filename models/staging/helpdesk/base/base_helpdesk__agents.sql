{#- Every raw agent row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('helpdesk', 'agents') }}
),

renamed as (
    select
        cast(source.id as bigint) as agent_id,
        {{ cx_nonblank_text('source.account_name') }} as account_name,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when agent_id is null then 'missing_key'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'agent_id') }}
)

select * from final
