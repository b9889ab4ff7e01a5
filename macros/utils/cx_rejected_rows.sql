{#-
    The rejected rows of one base model, in the common shape of the `rejected_rows` mart.
    `source_table` is '<source>.<table>'; `key_column` the base model's record key.
-#}
{% macro cx_rejected_rows(relation, source_table, key_column, rejected_in='staging') -%}
    select
        '{{ source_table }}' as source_table,
        '{{ rejected_in }}' as rejected_in,
        cast({{ key_column }} as string) as record_key,
        cast(delivery_rank as bigint) as delivery_rank,
        reject_reason,
        loaded_at,
        -- The base models build raw_record from the row with its personal data hashed or
        -- masked; this second pass masks e-mails and phones in any other column too.
        {{ cx_mask_pii_in_text('raw_record', national_phones=false) }} as raw_record
    from {{ relation }}
    where reject_reason is not null
{%- endmacro %}
