{#-
    The accepted survey answers, incremental (one of the large raw tables): each build reprocesses
    only the keys with a raw row landed within var cx_incremental_lookback_days of the latest
    landing already here, and deletes keys that no longer have an accepted row
    (macros/incremental/cx_incremental.sql, DECISIONLOG.md#incremental-look-back).
-#}
{{ config(
    materialized=cx_incremental_materialized(),
    unique_key='response_id',
    incremental_strategy=cx_incremental_strategy(),
    on_schema_change='fail',
    post_hook="{{ cx_prune_vanished_rows(ref('base_surveys__responses'), 'response_id') }}",
) }}

with

base as (
    select * from {{ ref('base_surveys__responses') }}
    {{ cx_incremental_keys(ref('base_surveys__responses'), 'response_id') }}
),

final as (
    select
        response_id,
        invitation_id,
        customer_id,
        question_id,
        score,
        comment_text,
        submitted_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
