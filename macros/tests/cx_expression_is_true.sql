{#- Every row satisfies the SQL boolean expression (an invariant); failing rows are returned. -#}
{% test cx_expression_is_true(model, expression) %}

select *
from {{ model }}
where not ({{ expression }})

{% endtest %}
