{#- Every raw invitation row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('surveys', 'invitations') }}
),

renamed as (
    select
        cast(source.id as bigint) as invitation_id,
        cast(source.customer_id as bigint) as customer_id,
        lower(trim(source.survey_type)) as survey_type,
        {{ cx_normalize_category('source.touchpoint', var('cx_touchpoints')) }} as touchpoint,
        {{ cx_normalize_category('source.channel', var('cx_survey_channels')) }} as survey_channel,
        cast(source.order_id as bigint) as order_id,
        cast(source.ticket_id as bigint) as ticket_id,
        cast(source.sent_at as timestamp) as sent_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when invitation_id is null then 'missing_key'
            when customer_id is null then 'missing_customer'
            when survey_type is null then 'missing_survey_type'
            when sent_at is null then 'missing_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'invitation_id') }}
)

select * from final
