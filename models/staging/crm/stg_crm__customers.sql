with

base as (
    select * from {{ ref('base_crm__customers') }}
),

final as (
    select
        customer_id,
        full_name_hash,
        email_hash,
        phone_hash,
        region,
        language_code,
        acquisition_channel,
        value_tier,
        signed_up_at,
        updated_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
