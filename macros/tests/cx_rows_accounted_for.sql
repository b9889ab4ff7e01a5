{#-
    Nothing is silently lost: every raw row of a source table is either accepted into its
    staging model or kept in rejected_rows with a reason. Applied to each source table.
    Fails with one row showing the three counts when raw != accepted + rejected.
-#}
{% test cx_rows_accounted_for(model, accepted, rejected, source_table) %}

with

raw_rows as (
    select count(*) as n from {{ model }}
),

accepted_rows as (
    select count(*) as n from {{ accepted }}
),

rejected_rows as (
    select count(*) as n
    from {{ rejected }}
    where source_table = '{{ source_table }}' and rejected_in = 'staging'
)

select
    raw_rows.n as raw_row_count,
    accepted_rows.n as accepted_row_count,
    rejected_rows.n as rejected_row_count
from raw_rows
cross join accepted_rows
cross join rejected_rows
where raw_rows.n != accepted_rows.n + rejected_rows.n

{% endtest %}
