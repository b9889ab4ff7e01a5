with

base as (
    select * from {{ ref('base_surveys__invitations') }}
),

final as (
    select
        invitation_id,
        customer_id,
        survey_type,
        touchpoint,
        survey_channel,
        order_id,
        ticket_id,
        sent_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
