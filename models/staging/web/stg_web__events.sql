{#-
    The accepted web events, incremental (one of the large raw tables): each build reprocesses
    only the keys with a raw row landed within var cx_incremental_lookback_days of the latest
    landing already here, and deletes keys that no longer have an accepted row
    (macros/incremental/cx_incremental.sql, DECISIONLOG.md#incremental-look-back).
-#}
{{ config(
    materialized=cx_incremental_materialized(),
    unique_key='web_event_id',
    incremental_strategy=cx_incremental_strategy(),
    on_schema_change='fail',
    post_hook="{{ cx_prune_vanished_rows(ref('base_web__events'), 'web_event_id') }}",
) }}

with

base as (
    select * from {{ ref('base_web__events') }}
    {{ cx_incremental_keys(ref('base_web__events'), 'web_event_id') }}
),

final as (
    select
        web_event_id,
        session_id,
        event_name,
        journey,
        step_name,
        step_index,
        is_error,
        error_code,
        occurred_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
