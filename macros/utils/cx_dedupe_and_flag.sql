{#-
    The last step of every base model. Given a CTE with one row per raw row and a
    `validation_error` column (null when the row is usable), it:
    - ranks deliveries of the same key: a usable row beats an unusable one, then the
      latest `loaded_at` wins (then the highest `tie_breaker`, e.g. the line of a file);
    - sets `reject_reason` to the validation error, or 'duplicate_delivery' for every
      usable row that lost to another delivery of the same key.
    So each raw row is either accepted (reject_reason is null) or rejected with a reason:
    raw rows = accepted + rejected, which macros/tests/cx_rows_accounted_for.sql proves.
-#}
{% macro cx_dedupe_and_flag(relation, key_column, order_column='loaded_at', tie_breaker=none) -%}
    select
        *,
        coalesce(
            validation_error,
            case when delivery_rank > 1 then 'duplicate_delivery' end
        ) as reject_reason
    from (
        select
            *,
            row_number() over (
                partition by {{ key_column }}
                order by
                    case when validation_error is null then 0 else 1 end,
                    {{ order_column }} desc
                    {%- if tie_breaker %},
                    {{ tie_breaker }} desc
                    {%- endif %}
            ) as delivery_rank
        from {{ relation }}
    ) as ranked
{%- endmacro %}
