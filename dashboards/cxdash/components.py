"""Pieces every page uses: the segment picker, a KPI headline figure, a KPI trend and the footer."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cxdash import charts, warehouse
from cxdash.kpis import Kpi, flag, fmt, kpi_frame, latest, month_label, segments

COUNTS = "_page_counts"


def start_page() -> None:
    """Reset the counts of what the page draws (the footer states them; the browser tests check them)."""
    st.session_state[COUNTS] = {"charts": 0, "figures": 0}


def _count(kind: str) -> None:
    counts = st.session_state.setdefault(COUNTS, {"charts": 0, "figures": 0})
    counts[kind] += 1


def chart(spec: Any, **kwargs: Any) -> None:
    """An Altair chart, counted."""
    _count("charts")
    st.altair_chart(spec, **{"width": "stretch", **kwargs})


def figure(label: str, value: str, *, where: Any = None, **kwargs: Any) -> None:
    """A figure (st.metric), counted; `where` is a column or container (default: the page)."""
    _count("figures")
    (where or st).metric(label, value, **{"border": True, **kwargs})


def segment_picker(kpi: Kpi, key: str) -> tuple[str, str]:
    """Two pickers: segment name, then one of its values (`all` / `all` by default)."""
    pairs = segments(kpi)
    names = list(dict.fromkeys(str(n) for n in pairs["segment_name"]))
    left, right = st.columns(2)
    name = left.selectbox(
        "Segment", names, index=names.index("all") if "all" in names else 0, key=f"{key}-name"
    )
    values = [str(v) for v in pairs.loc[pairs["segment_name"] == name, "segment_value"]]
    value = right.selectbox("Segment value", values, key=f"{key}-value")
    return name, value


def headline_label(kpi: Kpi, month: pd.Timestamp, segment_name: str, segment_value: str) -> str:
    """The label of a headline figure; the browser tests read month and segment from it."""
    return f"{kpi.label} · {month_label(month)} · {segment_name}={segment_value}"


def headline(kpi: Kpi, df: pd.DataFrame, segment_name: str, segment_value: str) -> pd.Series | None:
    """The KPI's latest month as a figure: value, change (and its significance), sample size."""
    row = latest(df)
    if row is None:
        figure(f"{kpi.label} · {segment_name}={segment_value}", "no data")
        return None
    delta = None
    if pd.notna(row["change"]):
        significant = flag(row["is_change_significant"])
        note = {True: "significant", False: "not significant", None: "untested"}[significant]
        delta = f"{fmt(row['change'], kpi.unit, signed=True)} vs previous month ({note})"
    parts = [f"sample size {int(row['sample']):,}"]
    if pd.notna(row["ci_low"]):
        parts.append(f"95% CI {fmt(row['ci_low'], kpi.unit)} to {fmt(row['ci_high'], kpi.unit)}")
    if pd.notna(row["target_low"]):
        parts.append(
            f"target {fmt(row['target_low'], kpi.unit)} to {fmt(row['target_high'], kpi.unit)}: "
            f"{row['target_status']}"
        )
    if flag(row["is_small_sample"]):
        parts.append("small sample: read with care")
    figure(
        headline_label(kpi, row["kpi_month"], segment_name, segment_value),
        fmt(row["value"], kpi.unit),
        delta=delta,
        delta_color="normal" if kpi.better == "higher" else "inverse",
    )
    st.caption(" · ".join(parts))
    return row


def kpi_section(kpi: Kpi, segment_name: str, segment_value: str) -> None:
    """Headline figure and monthly trend (interval band, target band, small samples marked)."""
    df = kpi_frame(kpi, segment_name, segment_value)
    st.subheader(kpi.label)
    if df.empty:
        st.info(f"{kpi.label} has no rows for {segment_name}={segment_value}.")
        return
    left, right = st.columns([1.4, 3])
    with left:
        headline(kpi, df, segment_name, segment_value)
        if df["ci_low"].isna().all():
            st.caption("No interval band: the mart computes none for this KPI (percentiles).")
    with right:
        chart(charts.trend(df, kpi))


def footer() -> None:
    """Marks the end of the page (the browser tests wait for it) and says what was read."""
    counts = st.session_state.get(COUNTS, {"charts": 0, "figures": 0})
    with st.container(key="page-end"):
        st.caption(
            f"This page: {counts['charts']} charts, {counts['figures']} figures. "
            f"Read-only from {warehouse.built_at()}; schema `marts`."
        )
