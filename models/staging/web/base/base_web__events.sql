{#- Every raw web event row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('web', 'events') }}
),

renamed as (
    select
        cast(source.id as bigint) as web_event_id,
        cast(source.session_id as bigint) as session_id,
        {{ cx_normalize_category('source.event_name', ['page_view', 'journey_step']) }} as event_name,
        case
            when nullif(trim(source.journey), '') is not null
                then {{ cx_normalize_category('source.journey', ['checkout', 'return_request', 'account_signup']) }}
        end as journey,
        lower(nullif(trim(source.step_name), '')) as step_name,
        cast(source.step_index as integer) as step_index,
        cast(source.is_error as boolean) as is_error,
        upper(nullif(trim(source.error_code), '')) as error_code,
        cast(source.occurred_at as timestamp) as occurred_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when web_event_id is null then 'missing_key'
            when session_id is null then 'missing_session'
            when occurred_at is null then 'missing_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'web_event_id') }}
)

select * from final
