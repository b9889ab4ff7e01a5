{#-
    Every accepted survey answer from every survey source (the survey tool and imported
    exports), with its invitation's context and the customer's segments. Answers whose
    invitation is unknown get reject_reason 'unknown_invitation': they stay visible in
    rejected_rows and are left out of fct_survey_responses.
-#}
with

survey_tool_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

invitations as (
    select * from {{ ref('stg_surveys__invitations') }}
),

exported_responses as (
    select * from {{ ref('stg_survey_export__responses') }}
),

customers as (
    select * from {{ ref('stg_crm__customers') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

payments as (
    select * from {{ ref('stg_shop__payments') }}
),

deliveries as (
    select * from {{ ref('stg_logistics__deliveries') }}
),

order_payment_methods as (
    -- the method of the order's last successful payment
    select
        order_id,
        payment_method
    from (
        select
            order_id,
            payment_method,
            row_number() over (partition by order_id order by attempted_at desc, payment_id desc) as payment_rank
        from payments
        where payment_status = 'succeeded'
    ) as ranked
    where payment_rank = 1
),

order_deliveries as (
    -- one delivery per order: the latest shipped
    select
        order_id,
        carrier,
        promised_date,
        delivered_at
    from (
        select
            order_id,
            carrier,
            promised_date,
            delivered_at,
            row_number() over (partition by order_id order by shipped_at desc, delivery_id desc) as delivery_rank
        from deliveries
    ) as ranked
    where delivery_rank = 1
),

survey_tool_joined as (
    select
        'surveys:' || cast(survey_tool_responses.response_id as string) as response_key,
        'surveys' as source_system,
        survey_tool_responses.response_id,
        survey_tool_responses.invitation_id,
        invitations.order_id,
        coalesce(survey_tool_responses.customer_id, invitations.customer_id) as customer_id,
        invitations.survey_type,
        survey_tool_responses.question_id,
        invitations.touchpoint,
        invitations.survey_channel,
        survey_tool_responses.score,
        survey_tool_responses.comment_text,
        survey_tool_responses.submitted_at,
        survey_tool_responses.loaded_at,
        case
            when invitations.invitation_id is null then 'unknown_invitation'
        end as reject_reason,
        {{ cx_row_to_json('survey_tool_responses') }} as raw_record
    from survey_tool_responses
    left join invitations
        on survey_tool_responses.invitation_id = invitations.invitation_id
),

exported as (
    select
        exported_responses.response_key,
        exported_responses.export_name as source_system,
        cast(null as bigint) as response_id,
        cast(null as bigint) as invitation_id,
        cast(null as bigint) as order_id,
        cast(null as bigint) as customer_id,
        exported_responses.survey_type,
        exported_responses.question_id,
        exported_responses.touchpoint,
        exported_responses.survey_channel,
        exported_responses.score,
        exported_responses.comment_text,
        exported_responses.submitted_at,
        exported_responses.loaded_at,
        cast(null as string) as reject_reason,
        {{ cx_row_to_json('exported_responses') }} as raw_record
    from exported_responses
),

unioned as (
    select * from survey_tool_joined
    union all
    select * from exported
),

final as (
    select
        unioned.response_key,
        unioned.source_system,
        unioned.response_id,
        unioned.invitation_id,
        unioned.customer_id,
        unioned.survey_type,
        unioned.question_id,
        unioned.touchpoint,
        unioned.survey_channel,
        unioned.order_id,
        orders.device as order_device,
        order_payment_methods.payment_method,
        order_deliveries.carrier,
        -- late: delivered after the promised day (DECISIONLOG.md#delivery-timeliness)
        case
            when order_deliveries.order_id is null then cast(null as string)
            when order_deliveries.delivered_at is null then 'not_delivered'
            when
                order_deliveries.delivered_at
                >= {{ cx_add_days('cast(order_deliveries.promised_date as timestamp)', 1) }}
                then 'late'
            else 'on_time'
        end as delivery_timeliness,
        unioned.score,
        unioned.comment_text,
        unioned.submitted_at,
        unioned.loaded_at,
        1 as delivery_rank,
        unioned.reject_reason,
        unioned.raw_record,
        coalesce(customers.region, 'unknown') as region,
        coalesce(customers.language_code, 'unknown') as language,  -- noqa: RF04
        coalesce(customers.value_tier, 'unknown') as value_tier,
        coalesce(customers.acquisition_channel, 'unknown') as acquisition_channel
    from unioned
    left join customers
        on unioned.customer_id = customers.customer_id
    left join orders
        on unioned.order_id = orders.order_id
    left join order_payment_methods
        on unioned.order_id = order_payment_methods.order_id
    left join order_deliveries
        on unioned.order_id = order_deliveries.order_id
)

select * from final
