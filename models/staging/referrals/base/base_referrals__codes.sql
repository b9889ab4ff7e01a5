{#- Every raw referral code row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('referrals', 'codes') }}
),

renamed as (
    select
        upper(nullif(trim(source.code), '')) as referral_code,
        cast(source.referrer_customer_id as bigint) as referrer_customer_id,
        cast(source.issued_at as timestamp) as issued_at,
        {{ cx_normalize_category('source.channel', ['email', 'app', 'post_purchase']) }} as referral_channel,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when referral_code is null then 'missing_key'
            when referrer_customer_id is null then 'missing_customer'
            when issued_at is null then 'missing_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'referral_code') }}
)

select * from final
