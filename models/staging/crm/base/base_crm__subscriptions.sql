{#- Every raw subscription row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('crm', 'subscriptions') }}
),

renamed as (
    select
        cast(source.id as bigint) as subscription_id,
        cast(source.customer_id as bigint) as customer_id,
        {{ cx_normalize_category('source.plan', ['basic', 'plus', 'premium']) }} as plan,
        cast(source.monthly_fee as decimal(18, 2)) as monthly_fee,
        cast(source.billing_period_days as integer) as billing_period_days,
        cast(source.started_at as timestamp) as started_at,
        cast(source.cancelled_at as timestamp) as cancelled_at,
        cast(source.renewal_count as integer) as renewal_count,
        {{ cx_normalize_category('source.status', ['active', 'cancelled']) }} as subscription_status,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when subscription_id is null then 'missing_key'
            when customer_id is null then 'missing_customer'
            when started_at is null then 'missing_timestamp'
            when cancelled_at < started_at then 'cancelled_before_started'
            when monthly_fee < 0 then 'negative_amount'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'subscription_id') }}
)

select * from final
