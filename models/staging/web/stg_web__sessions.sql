with

base as (
    select * from {{ ref('base_web__sessions') }}
),

final as (
    select
        session_id,
        customer_id,
        anonymous_id_hash,
        started_at,
        device,
        utm_source,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
