{#- One row per day: the semantic layer's time spine and the KPI marts' calendar. -#}
with

days as (
    {{ dbt.date_spine(
        datepart="day",
        start_date="cast('" ~ var('cx_time_spine_start') ~ "' as date)",
        end_date="cast('" ~ var('cx_time_spine_end') ~ "' as date)"
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
