{#- Every raw customer row, typed, with the reason it cannot be used (null when it can). -#}
with

source as (
    select * from {{ source('crm', 'customers') }}
),

renamed as (
    select
        cast(source.id as bigint) as customer_id,
        nullif(trim(source.full_name), '') as full_name,
        nullif(lower(trim(source.email)), '') as email,
        nullif(trim(source.phone), '') as phone,
        -- 'EU-West' -> 'eu-west'; the underscore spelling 'eu_west' is the same region.
        {{ cx_normalize_category("replace(source.region, '_', '-')", var('cx_regions')) }} as region,
        -- 'PT-br' -> 'pt': a regional variant counts as its base language.
        {{ cx_normalize_category(dbt.split_part('source.language', "'-'", 1), var('cx_languages')) }}
            as language_code,
        {{ cx_normalize_category('source.acquisition_channel', var('cx_acquisition_channels')) }}
            as acquisition_channel,
        {{ cx_normalize_category('source.value_tier', var('cx_value_tiers')) }} as value_tier,
        cast(source.created_at as timestamp) as signed_up_at,
        cast(source.updated_at as timestamp) as updated_at,
        cast(source._loaded_at as timestamp) as loaded_at,
        {{ cx_row_to_json('source') }} as raw_record
    from source
),

validated as (
    select
        *,
        case
            when customer_id is null then 'missing_key'
            when signed_up_at is null then 'missing_timestamp'
        end as validation_error
    from renamed
),

final as (
    {{ cx_dedupe_and_flag('validated', 'customer_id') }}
)

select * from final
