"""Local times in an export -> UTC text, with the rules for the hours a DST change breaks.

DECISIONLOG.md#local-times-at-dst-changes:
- an ambiguous local time (the hour repeated when clocks go back) is the EARLIER of its two
  instants, i.e. the one still on summer time: exports write times as they happen, and the
  first pass through the repeated hour comes first;
- a non-existent local time (the hour skipped when clocks go forward) shifts forward to the
  first valid instant after the gap (00:30 in a gap 00:00-01:00 becomes 01:00);
- a format with a UTC offset (%z) is parsed per value, so a file whose offsets change across
  a DST switch (+01:00 and +02:00 in one file) is parsed correctly; the zone is not used.
A value that does not match the format stays unparsed (None): staging rejects it with a reason.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

# strftime directives pandas' parser understands (a typo such as %Q is refused up front)
DIRECTIVES = frozenset("aAbBcdfHIjmMpSUwWxXyYzZ%")
_DIRECTIVE = re.compile(r"%(.)")
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"


def check_format(fmt: str) -> str | None:
    """None when fmt is a usable timestamp format, else the reason (for a clear mapping error)."""
    if fmt in ("ISO8601", "mixed"):
        return None
    if "%" not in fmt:
        return f"timestamp format {fmt!r} has no % directive (e.g. '%Y-%m-%d %H:%M:%S', or ISO8601)"
    bad = sorted({d for d in _DIRECTIVE.findall(fmt) if d not in DIRECTIVES})
    if bad or (fmt.endswith("%") and not fmt.endswith("%%")):
        return f"timestamp format {fmt!r} has unknown directive(s) {['%' + d for d in bad] or ['%']}"
    return None


def check_zone(zone: str) -> str | None:
    """None when zone is an IANA time zone name (e.g. Europe/Warsaw, UTC), else the reason."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return f"unknown time zone {zone!r} (use an IANA name such as Europe/Warsaw or UTC)"
    return None


def to_utc_text(values: pd.Series, fmt: str, zone: str) -> pd.Series:
    """Each value parsed with fmt in zone, as UTC 'YYYY-MM-DD HH:MM:SS' text; None if unparsed."""
    text = values.astype("string").str.strip()
    if "%z" in fmt:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
    elif fmt in ("ISO8601", "mixed"):
        # a value with an offset is an absolute time; one without is a local time of the zone
        has_offset = text.str.contains(_OFFSET, regex=True).fillna(False).astype(bool)
        absolute = pd.to_datetime(text.where(has_offset), format=fmt, errors="coerce", utc=True)
        local = _localize(pd.to_datetime(text.where(~has_offset), format=fmt, errors="coerce"), zone)
        parsed = absolute.where(has_offset, local)
    else:
        parsed = _localize(pd.to_datetime(text, format=fmt, errors="coerce"), zone)
    out = parsed.dt.strftime("%Y-%m-%d %H:%M:%S")
    return out.astype(object).where(parsed.notna(), None)


def _localize(naive: pd.Series, zone: str) -> pd.Series:
    if getattr(naive.dt, "tz", None) is not None:
        return naive.dt.tz_convert("UTC")
    earlier = np.ones(len(naive), dtype=bool)  # ambiguous -> the first (summer-time) instant
    local = naive.dt.tz_localize(zone, ambiguous=earlier, nonexistent="shift_forward")
    return local.dt.tz_convert("UTC")
