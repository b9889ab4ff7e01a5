"""Static chart of a KPI series: value, 95% interval, target band, small-sample months marked.

Built as an Altair (Vega-Lite) spec and rendered to SVG in-process by vl-convert, so the page
embeds the figure itself and needs no JavaScript and no network to show it.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc


def chart_spec(series: list[dict[str, Any]], title: str, targets: list[dict[str, str]]) -> dict[str, Any]:
    """The Vega-Lite spec of one metric's chart (layers: target band, interval, line, points)."""
    df = pd.DataFrame(series)
    df["month"] = pd.to_datetime(df["month"])
    df["sample"] = df["is_small_sample"].map(
        lambda s: "small sample" if s else "enough answers" if s is not None else "n/a"
    )
    overall = [t for t in targets if t.get("segment_name") == "all" and t.get("segment_value") == "all"]
    x = alt.X("month:T", title="month", axis=alt.Axis(format="%Y-%m"))
    base = alt.Chart(df)
    layers: list[alt.Chart] = []
    if overall:
        band = pd.DataFrame(
            {
                "start": [df["month"].min()],
                "end": [df["month"].max()],
                "low": [float(overall[0]["lower_bound"])],
                "high": [float(overall[0]["upper_bound"])],
            }
        )
        layers.append(
            alt.Chart(band)
            .mark_rect(opacity=0.15, color="green")
            .encode(x="start:T", x2="end:T", y="low:Q", y2="high:Q")
        )
    if df["ci_low"].notna().any():
        layers.append(
            base.mark_area(opacity=0.25, color="steelblue").encode(x=x, y="ci_low:Q", y2="ci_high:Q")
        )
    layers.append(base.mark_line(color="steelblue").encode(x=x, y=alt.Y("value:Q", title=title)))
    kinds = {
        "enough answers": ("steelblue", "circle"),
        "small sample": ("orange", "square"),
        "n/a": ("grey", "cross"),
    }
    present = [k for k in kinds if k in set(df["sample"])]
    layers.append(
        base.mark_point(filled=True, size=45).encode(
            x=x,
            y="value:Q",
            shape=alt.Shape(
                "sample:N",
                title="sample",
                scale=alt.Scale(domain=present, range=[kinds[k][1] for k in present]),
            ),
            color=alt.Color(
                "sample:N",
                title="sample",
                scale=alt.Scale(domain=present, range=[kinds[k][0] for k in present]),
            ),
            tooltip=["month:T", "value:Q", "ci_low:Q", "ci_high:Q", "sample:N"],
        )
    )
    chart = alt.layer(*layers).properties(width=620, height=240, title=title)
    return chart.to_dict()


def chart_svg(series: list[dict[str, Any]], title: str, targets: list[dict[str, str]]) -> str:
    """Inline SVG of the chart; empty when the series has no value."""
    if not any(r.get("value") is not None for r in series):
        return ""
    return str(vlc.vegalite_to_svg(chart_spec(series, title, targets)))
