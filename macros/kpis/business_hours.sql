{#-
    Business-hours durations, computed one way on every engine from epoch seconds and day
    arithmetic only (floor, +, -, *, /, least, greatest, case): no calendar functions, no
    engine-specific date parts (DECISIONLOG.md#business-hours).

    Business hours: the ISO weekdays in var cx_business_days (1 = Monday ... 7 = Sunday),
    from cx_business_hours_start to cx_business_hours_end (whole or fractional hours,
    start < end, no overnight shifts), in the fixed UTC offset cx_business_utc_offset_hours.
    Public holidays are not modelled.

    cx_business_seconds_since_epoch(t) counts the business seconds from 1970-01-01 00:00
    local time up to the instant t (epoch seconds, UTC); the business duration between two
    instants is the difference of the two counts, so it is exact across weekends, nights
    and any number of days, and negative when the end is before the start.

    How: local = t + offset; day = floor(local / 86400) (day 0 = 1970-01-01, a Thursday);
    week = floor(day / 7) and k = day - 7 * week (0 = Thursday ... 6 = Wednesday, so ISO
    weekday = (k + 3) mod 7 + 1). Count = whole weeks x business days per week x business
    seconds per day + business days before day k of this week x seconds per day + the
    business seconds already elapsed today (seconds since opening, clipped to [0, day length]).
-#}
{% macro cx_business_seconds_since_epoch(epoch_expr) -%}
    {%- set business_days = var('cx_business_days') | map('int') | list -%}
    {%- set start_hour = var('cx_business_hours_start') -%}
    {%- set end_hour = var('cx_business_hours_end') -%}
    {%- set offset_seconds = var('cx_business_utc_offset_hours') * 3600 -%}
    {%- if not (0 <= start_hour < end_hour <= 24) -%}
        {{ exceptions.raise_compiler_error(
            'cx_business_hours_start must be < cx_business_hours_end, both within 0-24 (got '
            ~ start_hour ~ ', ' ~ end_hour ~ ')') }}
    {%- endif -%}
    {%- for d in business_days if d < 1 or d > 7 -%}
        {{ exceptions.raise_compiler_error('cx_business_days holds ISO weekdays 1-7, got ' ~ d) }}
    {%- endfor -%}
    {%- set open_seconds = start_hour * 3600 -%}
    {%- set day_seconds = (end_hour - start_hour) * 3600 -%}
    {#- k = 0..6 from Thursday; which of them are business days, and how many before each -#}
    {%- set ns = namespace(before=[], open_ks=[], count=0) -%}
    {%- for k in range(7) -%}
        {%- set ns.before = ns.before + [ns.count] -%}
        {%- if ((k + 3) % 7 + 1) in business_days -%}
            {%- set ns.open_ks = ns.open_ks + [k] -%}
            {%- set ns.count = ns.count + 1 -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set local = '(' ~ epoch_expr ~ ' + ' ~ offset_seconds ~ ')' -%}
    {%- set day = 'floor(' ~ local ~ ' / 86400)' -%}
    {%- set week = 'floor(' ~ day ~ ' / 7)' -%}
    {%- set k = '(' ~ day ~ ' - 7 * ' ~ week ~ ')' -%}
    (
        {{ week }} * {{ ns.count * day_seconds }}
        + case {{ k }}
            {%- for k_value in range(7) %}
            when {{ k_value }} then {{ ns.before[k_value] * day_seconds }}
            {%- endfor %}
        end
        {%- if ns.open_ks %}
        + case
            when {{ k }} in ({{ ns.open_ks | join(', ') }})
                then least(greatest({{ local }} - {{ day }} * 86400 - {{ open_seconds }}, 0), {{ day_seconds }})
            else 0
        end
        {%- endif %}
    )
{%- endmacro %}

{#-
    Business seconds between two timestamps (UTC, without time zone): see above. Null when
    either is null.
-#}
{% macro cx_business_duration_seconds(start_expr, end_expr) -%}
    (
        {{ cx_business_seconds_since_epoch(cx_epoch_seconds(end_expr)) }}
        - {{ cx_business_seconds_since_epoch(cx_epoch_seconds(start_expr)) }}
    )
{%- endmacro %}
