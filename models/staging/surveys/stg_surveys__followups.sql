with

base as (
    select * from {{ ref('base_surveys__followups') }}
),

final as (
    select
        followup_id,
        response_id,
        owner_agent_id,
        followup_action,
        followed_up_at,
        closed_at,
        loaded_at
    from base
    where reject_reason is null
)

select * from final
