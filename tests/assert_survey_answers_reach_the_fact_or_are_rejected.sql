-- Every accepted survey-tool answer is either in fct_survey_responses or rejected (with
-- its reason) after staging: staging rows = fact rows + rows rejected downstream.
with

staged as (
    select count(*) as n from {{ ref('stg_surveys__responses') }}
),

in_fact as (
    select count(*) as n
    from {{ ref('fct_survey_responses') }}
    where source_system = 'surveys'
),

rejected_downstream as (
    select count(*) as n
    from {{ ref('rejected_rows') }}
    where source_table = 'surveys.responses' and rejected_in != 'staging'
),

final as (
    select
        staged.n as staged_rows,
        in_fact.n as fact_rows,
        rejected_downstream.n as rejected_rows
    from staged
    cross join in_fact
    cross join rejected_downstream
    where staged.n != in_fact.n + rejected_downstream.n
)

select * from final
