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
    union all
    {{ cx_rejected_rows(ref('base_survey_export__responses'), 'survey_export.responses', 'response_key') }}
    union all
    {{ cx_rejected_rows(
        ref('int_survey_responses_joined'), 'surveys.responses', 'response_key',
        rejected_in='int_survey_responses_joined'
    ) }}
    -- crm, shop, logistics
    union all
    {{ cx_rejected_rows(ref('base_crm__customers'), 'crm.customers', 'customer_id') }}
    union all
    {{ cx_rejected_rows(ref('base_crm__subscriptions'), 'crm.subscriptions', 'subscription_id') }}
    union all
    {{ cx_rejected_rows(ref('base_shop__orders'), 'shop.orders', 'order_id') }}
    union all
    {{ cx_rejected_rows(ref('base_shop__order_items'), 'shop.order_items', 'order_item_id') }}
    union all
    {{ cx_rejected_rows(ref('base_shop__payments'), 'shop.payments', 'payment_id') }}
    union all
    {{ cx_rejected_rows(ref('base_shop__returns'), 'shop.returns', 'return_id') }}
    union all
    {{ cx_rejected_rows(ref('base_logistics__deliveries'), 'logistics.deliveries', 'delivery_id') }}
    -- helpdesk, web, referrals, hr
    -- __MARKER_B__
),

final as (
    select
        source_table
        || ':' || rejected_in
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
