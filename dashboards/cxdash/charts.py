"""Altair (Vega-Lite) charts; Streamlit ships the Vega JavaScript, so nothing loads from a CDN."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cxdash.kpis import AXIS_TITLES, UNITS, Kpi, flag

TARGET_COLOUR = "#2ca02c"
INTERVAL_COLOUR = "#1f77b4"
SMALL_SAMPLE = "small sample"
TONE_COLOURS = {"negative": "#d62728", "neutral": "#9e9e9e", "positive": "#2ca02c"}


def to_display(df: pd.DataFrame, unit: str, columns: list[str]) -> pd.DataFrame:
    """A copy with the named columns converted to display units (percent, hours)."""
    out = df.copy()
    factor = UNITS[unit][0]
    for col in columns:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64") * factor
    return out


def trend(df: pd.DataFrame, kpi: Kpi, height: int = 260) -> alt.LayerChart:
    """Monthly value with its 95% interval band, the target band and small-sample months marked."""
    data = to_display(df, kpi.unit, ["value", "ci_low", "ci_high", "target_low", "target_high"])
    data["sample_note"] = data["is_small_sample"].map(lambda v: SMALL_SAMPLE if flag(v) else "enough answers")
    data["month"] = data["kpi_month"].dt.strftime("%Y-%m")
    x = alt.X("kpi_month:T", title="month", axis=alt.Axis(format="%Y-%m"))
    y_title = f"{kpi.label} ({AXIS_TITLES[kpi.unit]})"
    base = alt.Chart(data).encode(x=x)
    layers: list[alt.Chart] = []
    if data["target_low"].notna().any():
        layers.append(
            base.mark_area(opacity=0.15, color=TARGET_COLOUR).encode(
                y=alt.Y("target_low:Q", title=y_title), y2="target_high:Q"
            )
        )
    if data["ci_low"].notna().any():
        layers.append(
            base.mark_area(opacity=0.25, color=INTERVAL_COLOUR).encode(
                y=alt.Y("ci_low:Q", title=y_title), y2="ci_high:Q"
            )
        )
    layers.append(base.mark_line(color=INTERVAL_COLOUR).encode(y=alt.Y("value:Q", title=y_title)))
    layers.append(
        base.mark_point(size=60, filled=True).encode(
            y="value:Q",
            shape=alt.Shape(
                "sample_note:N",
                title="sample",
                scale=alt.Scale(domain=["enough answers", SMALL_SAMPLE], range=["circle", "triangle-down"]),
            ),
            color=alt.Color(
                "sample_note:N",
                title="sample",
                scale=alt.Scale(domain=["enough answers", SMALL_SAMPLE], range=[INTERVAL_COLOUR, "#d62728"]),
            ),
            tooltip=[
                alt.Tooltip("month:N"),
                alt.Tooltip("value:Q", format=",.2f"),
                alt.Tooltip("ci_low:Q", title="95% CI low", format=",.2f"),
                alt.Tooltip("ci_high:Q", title="95% CI high", format=",.2f"),
                alt.Tooltip("sample:Q", title="sample size"),
                alt.Tooltip("target_status:N", title="target"),
            ],
        )
    )
    return alt.layer(*layers).properties(height=height)


def drivers(
    df: pd.DataFrame, value: str, low: str, high: str, title: str, small: str = "is_small_sample"
) -> alt.VConcatChart:
    """A value by driver bucket with 95% intervals; small samples marked; `all` as a rule."""
    data = df[df["driver_name"] != "all"].copy()
    data["sample_note"] = data[small].map(lambda v: SMALL_SAMPLE if flag(v) else "enough answers")
    overall = df.loc[df["driver_name"] == "all", value]
    data["overall"] = float(overall.iloc[0]) if len(overall) else None
    panels = []
    for name, rows in data.groupby("driver_name", sort=True):
        base = alt.Chart(rows).encode(
            y=alt.Y("driver_value:N", title=str(name), sort=alt.SortField("driver_value_order"))
        )
        whiskers = base.mark_rule(strokeWidth=2, color="#888").encode(
            x=alt.X(f"{low}:Q", title=title), x2=f"{high}:Q"
        )
        points = base.mark_point(size=80, filled=True).encode(
            x=f"{value}:Q",
            color=alt.Color(
                "sample_note:N",
                title="sample",
                scale=alt.Scale(domain=["enough answers", SMALL_SAMPLE], range=[INTERVAL_COLOUR, "#d62728"]),
            ),
            tooltip=[
                "driver_name:N",
                "driver_value:N",
                alt.Tooltip(f"{value}:Q", format=",.1f"),
                "answers:Q",
            ],
        )
        everyone = alt.Chart(rows).mark_rule(strokeDash=[4, 4], color="#444").encode(x="overall:Q")
        panels.append(alt.layer(whiskers, points, everyone).properties(width=640))
    return alt.vconcat(*panels).resolve_scale(x="shared")


def by_segment(df: pd.DataFrame, kpi: Kpi) -> alt.LayerChart:
    """One month's value per segment value with its 95% interval; small samples marked."""
    data = to_display(df, kpi.unit, ["value", "ci_low", "ci_high"])
    data["sample_note"] = data["is_small_sample"].map(lambda v: SMALL_SAMPLE if flag(v) else "enough answers")
    title = f"{kpi.label} ({AXIS_TITLES[kpi.unit]})"
    base = alt.Chart(data).encode(y=alt.Y("segment_value:N", title=None))
    whiskers = base.mark_rule(strokeWidth=2, color="#888").encode(
        x=alt.X("ci_low:Q", title=title), x2="ci_high:Q"
    )
    points = base.mark_point(size=80, filled=True).encode(
        x="value:Q",
        color=alt.Color(
            "sample_note:N",
            title="sample",
            scale=alt.Scale(domain=["enough answers", SMALL_SAMPLE], range=[INTERVAL_COLOUR, "#d62728"]),
        ),
        tooltip=[
            "segment_value:N",
            alt.Tooltip("value:Q", format=",.1f"),
            alt.Tooltip("sample:Q", title="sample size"),
        ],
    )
    return alt.layer(whiskers, points)


def lines_by(df: pd.DataFrame, value: str, by: str, y_title: str, height: int = 260) -> alt.Chart:
    """One line per category (e.g. per ticket channel) over the months."""
    return (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("kpi_month:T", title="month", axis=alt.Axis(format="%Y-%m")),
            y=alt.Y(f"{value}:Q", title=y_title),
            color=alt.Color(f"{by}:N", title=by.replace("_", " ")),
            tooltip=[
                f"{by}:N",
                alt.Tooltip("kpi_month:T", format="%Y-%m"),
                alt.Tooltip(f"{value}:Q", format=",.2f"),
            ],
        )
        .properties(height=height)
    )


def grouped_bars(df: pd.DataFrame, category: str, measure: str, value: str, title: str) -> alt.Chart:
    """Bars of `value` per `category`, one bar per `measure` side by side."""
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=None),
            x=alt.X(f"{value}:Q", title=title),
            color=alt.Color(f"{measure}:N", title=None),
            yOffset=f"{measure}:N",
            tooltip=[f"{category}:N", f"{measure}:N", alt.Tooltip(f"{value}:Q", format=",.2f")],
        )
        .properties(height=alt.Step(14))
    )


def stacked_bars(
    df: pd.DataFrame, x: str, value: str, colour: str, x_title: str, y_title: str, horizontal: bool = False
) -> alt.Chart:
    """Bars of `value` per `x`, stacked by `colour` (horizontal: categories down the side)."""
    category = alt.X(x, title=x_title) if not horizontal else alt.Y(x, title=x_title)
    measure = (
        alt.Y(f"{value}:Q", title=y_title, stack=True)
        if not horizontal
        else alt.X(f"{value}:Q", title=y_title)
    )
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            category,
            measure,
            color=alt.Color(f"{colour}:N", title=colour.replace("_", " "), scale=_palette(df[colour])),
            tooltip=[x, f"{colour}:N", alt.Tooltip(f"{value}:Q", format=",.2f")],
        )
        .properties(height=alt.Step(18) if horizontal else 280)
    )


def _palette(values: pd.Series) -> alt.Scale | alt.UndefinedType:
    """Red, grey and green for negative, neutral and positive; Vega's default otherwise."""
    present = [str(v) for v in pd.unique(values)]
    if present and set(present) <= set(TONE_COLOURS):
        domain = [k for k in TONE_COLOURS if k in present]
        return alt.Scale(domain=domain, range=[TONE_COLOURS[k] for k in domain])
    return alt.Undefined
