with

base as (
    select * from {{ ref('base_surveys__responses') }}
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
