{#- Every raw customer row, typed, with the reason it cannot be used (null when it can). -#}
{#- A table, not a view: the hashing SQL holds the salt, and a view would keep it in the
    warehouse catalogue (DECISIONLOG.md#pii-hashing). -#}
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('crm', 'customers') }}
),

pii_protected as (
    -- Names, e-mails and phones hashed with the salt before anything else reads the row
    -- (DECISIONLOG.md#pii-hashing); raw_record below is built from this, not from source.
    select
        source.id,
        {{ cx_hash_pii('source.full_name', 'name') }} as full_name,
        {{ cx_hash_pii('source.email', 'email') }} as email,
        {{ cx_hash_pii('source.phone', 'phone') }} as phone,
        source.region,
        source.language,
        source.acquisition_channel,
        source.value_tier,
        source.created_at,
        source.updated_at,
        source._loaded_at
    from source
),

renamed as (
    select
        cast(pii_protected.id as bigint) as customer_id,
        pii_protected.full_name as full_name_hash,
        pii_protected.email as email_hash,
        pii_protected.phone as phone_hash,
        -- 'EU-West' -> 'eu-west'; the underscore spelling 'eu_west' is the same region.
        {{ cx_normalize_category("replace(pii_protected.region, '_', '-')", var('cx_regions')) }} as region,
        -- 'PT-br' -> 'pt': a regional variant counts as its base language.
        {{ cx_normalize_category(dbt.split_part('pii_protected.language', "'-'", 1), var('cx_languages')) }}
            as language_code,
        {{ cx_normalize_category('pii_protected.acquisition_channel', var('cx_acquisition_channels')) }}
            as acquisition_channel,
        {{ cx_normalize_category('pii_protected.value_tier', var('cx_value_tiers')) }} as value_tier,
        -- Read through text, so a sign-up time delivered as text (or garbage) is rejected by
        -- row, not a failed build.
        cast(pii_protected.created_at as {{ dbt.type_string() }}) as signed_up_at_text,
        {{ cx_to_utc_timestamp('cast(pii_protected.created_at as ' ~ dbt.type_string() ~ ')') }} as signed_up_at,
        cast(pii_protected.updated_at as timestamp) as updated_at,
        cast(pii_protected._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('pii_protected') }} as raw_record
    from pii_protected
),

validated as (
    select
        *,
        case
            when customer_id is null then 'missing_key'
            when signed_up_at_text is null or trim(signed_up_at_text) = '' then 'missing_timestamp'
            when signed_up_at is null then 'unparseable_timestamp'
            else {{ cx_timestamp_range_error('signed_up_at', 'loaded_at') }}
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'customer_id') }}
)

select * from final
