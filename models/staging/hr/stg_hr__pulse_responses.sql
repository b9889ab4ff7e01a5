with

base as (
    select * from {{ ref('base_hr__pulse_responses') }}
),

final as (
    select
        pulse_response_id,
        employee_id_hash,
        team,
        wave_date,
        enps_score,
        submitted_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
