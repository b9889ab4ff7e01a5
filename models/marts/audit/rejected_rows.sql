{#-
    Every raw row that did not make it into staging, with the reason. Nothing is dropped
    silently: for each source table, raw rows = staging rows + rejected rows here (tested
    by cx_rows_accounted_for on every source table).
-#}
with

rejected as (
    -- surveys
    {{ cx_rejected_rows(ref('base_surveys__invitations'), 'surveys.invitations', 'invitation_id') }}
    union all
    {{ cx_rejected_rows(ref('base_surveys__responses'), 'surveys.responses', 'response_id') }}
    union all
    {{ cx_rejected_rows(ref('base_surveys__followups'), 'surveys.followups', 'followup_id') }}
    -- crm, shop, logistics
    -- __MARKER_A__
    -- helpdesk, web, referrals, hr
    -- __MARKER_B__
),

final as (
    select
        source_table
        || ':' || coalesce(record_key, '<null>')
        || ':' || cast(delivery_rank as varchar) as rejected_row_id,
        source_table,
        rejected_in,
        record_key,
        delivery_rank,
        reject_reason,
        loaded_at,
        raw_record
    from rejected
)

select * from final
