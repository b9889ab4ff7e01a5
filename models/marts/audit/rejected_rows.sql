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
    union all
    {{ cx_rejected_rows(ref('base_helpdesk__tickets'), 'helpdesk.tickets', 'ticket_id') }}
    union all
    {{ cx_rejected_rows(ref('base_helpdesk__ticket_events'), 'helpdesk.ticket_events', 'ticket_event_id') }}
    union all
    {{ cx_rejected_rows(ref('base_helpdesk__agents'), 'helpdesk.agents', 'agent_id') }}
    union all
    {{ cx_rejected_rows(ref('base_web__sessions'), 'web.sessions', 'session_id') }}
    union all
    {{ cx_rejected_rows(ref('base_web__events'), 'web.events', 'web_event_id') }}
    union all
    {{ cx_rejected_rows(ref('base_referrals__codes'), 'referrals.codes', 'referral_code') }}
    union all
    {{ cx_rejected_rows(ref('base_referrals__redemptions'), 'referrals.redemptions', 'redemption_id') }}
    union all
    {{ cx_rejected_rows(ref('base_hr__pulse_responses'), 'hr.pulse_responses', 'pulse_response_id') }}
),

final as (
    select
        source_table,
        rejected_in,
        record_key,
        delivery_rank,
        reject_reason,
        loaded_at,
        raw_record,
        source_table
        || ':' || rejected_in
        || ':' || coalesce(record_key, '<null>')
        || ':' || cast(delivery_rank as string) as rejected_row_id
    from rejected
)

select * from final
