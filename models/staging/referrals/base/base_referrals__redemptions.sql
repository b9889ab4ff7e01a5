{#- Every raw referral redemption row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('referrals', 'redemptions') }}
),

renamed as (
    select
        cast(source.id as bigint) as redemption_id,
        upper(nullif(trim(source.code), '')) as referral_code,
        cast(source.referred_customer_id as bigint) as referred_customer_id,
        cast(source.redeemed_at as timestamp) as redeemed_at,
        {{ cx_normalize_category('source.status', ['pending', 'qualified', 'rejected']) }} as redemption_status,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when redemption_id is null then 'missing_key'
            when referral_code is null then 'missing_code'
            when referred_customer_id is null then 'missing_customer'
            when redeemed_at is null then 'missing_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'redemption_id') }}
)

select * from final
