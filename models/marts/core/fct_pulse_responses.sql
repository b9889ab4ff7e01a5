{#-
    One row per usable employee pulse (eNPS) answer, classified once with the NPS bands
    (cx_enps_category, macros/kpis/enps.sql). The pseudonymous employee id stays in staging:
    this public table carries no person-level key. Decisions: DECISIONLOG.md#enps.
-#}
with

pulse_responses as (
    select * from {{ ref('stg_hr__pulse_responses') }}
),

classified as (
    select
        *,
        {{ cx_enps_category('enps_score') }} as enps_category
    from pulse_responses
),

final as (
    select
        pulse_response_id,
        team,
        wave_date,
        cast({{ dbt.date_trunc('month', 'wave_date') }} as date) as wave_month,
        enps_score,
        enps_category,
        case when enps_category = 'promoter' then 1 else 0 end as is_enps_promoter,
        case when enps_category = 'passive' then 1 else 0 end as is_enps_passive,
        case when enps_category = 'detractor' then 1 else 0 end as is_enps_detractor,
        submitted_at
    from classified
)

select * from final
