"""The pages: one per exposure in models/marts/_exposures.yml, and one per KPI family."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
import yaml

from cxdash import charts, health, warehouse
from cxdash.components import chart, figure, footer, headline, kpi_section, segment_picker
from cxdash.kpis import FAMILIES, KPIS, REL_NPS, Family, flag, fmt, kpi_frame, latest, month_label


def scorecard() -> None:
    st.title("CX executive scorecard")
    st.write(
        "The key metric (relationship NPS) and what drives it, then every KPI's latest month "
        "against its target range, with the change's significance and the sample size."
    )
    name, value = segment_picker(REL_NPS, "scorecard")
    df = kpi_frame(REL_NPS, name, value)
    left, right = st.columns([1.4, 3])
    with left:
        headline(REL_NPS, df, name, value)
    with right:
        chart(charts.trend(df, REL_NPS))
    st.subheader("Drivers of relationship NPS")
    st.caption("NPS by what happened before the answer, with 95% intervals; the dashed line is all answers.")
    drv = warehouse.query(
        "select * from marts.drivers_nps_and_churn order by driver_name, driver_value_order"
    )
    chart(charts.drivers(drv, "nps", "nps_ci95_low", "nps_ci95_high", "NPS (points)"))
    st.subheader(f"Every KPI's latest month ({name}={value})")
    st.table(_scorecard_rows(name, value))
    st.caption(
        "Latest month with data (complete months only where the mart says so). Significance: two-sided "
        "z-test at 95% against the previous month. Targets: seeds/kpi_targets.csv."
    )
    footer()


def _scorecard_rows(segment_name: str, segment_value: str) -> pd.DataFrame:
    rows = []
    for kpi in KPIS.values():
        row = latest(kpi_frame(kpi, segment_name, segment_value))
        if row is None:
            continue
        significant = flag(row["is_change_significant"])
        rows.append(
            {
                "KPI": kpi.label,
                "month": month_label(row["kpi_month"]),
                "value": fmt(row["value"], kpi.unit),
                "95% CI": f"{fmt(row['ci_low'], kpi.unit)} to {fmt(row['ci_high'], kpi.unit)}"
                if pd.notna(row["ci_low"])
                else "n/a",
                "target range": f"{fmt(row['target_low'], kpi.unit)} to {fmt(row['target_high'], kpi.unit)}"
                if pd.notna(row["target_low"])
                else "n/a",
                "vs target": row["target_status"] if pd.notna(row["target_status"]) else "n/a",
                "change": fmt(row["change"], kpi.unit, signed=True),
                "significant": {True: "yes", False: "no", None: "n/a"}[significant],
                "sample size": f"{int(row['sample']):,}",
                "small sample": "yes" if flag(row["is_small_sample"]) else "no",
            }
        )
    return pd.DataFrame(rows).set_index("KPI")


def family_page(family: Family) -> Callable[[], None]:
    def page() -> None:
        st.title(family.title)
        st.write(family.about)
        st.caption(
            "Line: monthly value. Blue band: 95% confidence interval. Green band: target range. "
            "Red triangles: small-sample months (read with care)."
        )
        name, value = segment_picker(family.kpis[0], f"family-{family.key}")
        for kpi in family.kpis:
            kpi_section(kpi, name, value)
        footer()

    page.__name__ = f"kpi_{family.key}"
    return page


def service() -> None:
    st.title("Support operations")
    st.write("First response and resolution time by channel (or issue type), and first contact resolution.")
    by = st.radio("Split by", ["ticket_channel", "issue_type"], horizontal=True, key="service-by")
    service_kpis = [KPIS["fcr_rate"], KPIS["first_response_time_p50"], KPIS["resolution_time_p50"]]
    for column, kpi in zip(st.columns(3), service_kpis, strict=True):
        with column:
            headline(kpi, kpi_frame(kpi, "all", "all"), "all", "all")
    times = []
    for kpi in service_kpis[1:]:
        df = kpi_frame(kpi, by)
        month = latest(kpi_frame(kpi, "all", "all"))
        df = df[df["kpi_month"] == month["kpi_month"]] if month is not None else df.iloc[0:0]
        times.append(charts.to_display(df, kpi.unit, ["value"]).assign(measure=kpi.label))
    both = pd.concat(times)
    month_text = month_label(both["kpi_month"].iloc[0]) if not both.empty else "no data"
    st.subheader(f"Median times by {by.replace('_', ' ')}, {month_text}")
    chart(charts.grouped_bars(both, "segment_value", "measure", "value", "hours"))
    fcr_kpi = KPIS["fcr_rate"]
    fcr_all = kpi_frame(fcr_kpi, by)
    month = latest(kpi_frame(fcr_kpi, "all", "all"))
    if month is not None:
        st.subheader(f"First contact resolution by {by.replace('_', ' ')}, {month_label(month['kpi_month'])}")
        chart(charts.by_segment(fcr_all[fcr_all["kpi_month"] == month["kpi_month"]], fcr_kpi))
    st.subheader(f"First contact resolution by {by.replace('_', ' ')}, last 12 months")
    recent = fcr_all[fcr_all["kpi_month"] > fcr_all["kpi_month"].max() - pd.DateOffset(months=12)]
    fcr = charts.to_display(recent, "share", ["value"])
    chart(charts.lines_by(fcr, "value", "segment_value", "FCR (percent)"))
    st.caption("Times are calendar time; business-hours medians and p90 are in the marts too.")
    footer()


def voice() -> None:
    st.title("Voice of the customer and closed loop")
    st.subheader("Escalation list: what is waiting, oldest first")
    queue = warehouse.query("select * from marts.worklist_feedback_escalations order by queue_position")
    waiting, oldest, _ = st.columns(3)
    figure("Escalations waiting", f"{len(queue):,}", where=waiting)
    oldest_hours = float(queue["hours_waiting"].max()) if len(queue) else 0.0
    figure("Oldest waiting", f"{oldest_hours:,.1f} h", where=oldest)
    shown = [
        c
        for c in (
            "queue_position",
            "submitted_at",
            "hours_waiting",
            "survey_type",
            "touchpoint",
            "survey_channel",
            "score",
            "feedback_tone",
            "escalation_reason",
            "text_sentiment_label",
            "value_tier",
            "predicted_clv",
            "churn_probability",
            "customer_status",
            "customer_id",
        )
        if c in queue.columns
    ]
    st.dataframe(queue[shown], hide_index=True, width="stretch")
    st.subheader("Closed loop: follow-up rate and time")
    loop = KPIS["closed_loop_rate"]
    kpi_section(loop, "all", "all")
    hours = warehouse.query(
        f"select {warehouse.month_column(loop.mart)} as kpi_month, followup_hours_median as median, "
        "followup_hours_p90 as p90 from marts.kpi_closed_loop_monthly where segment_name = 'all' order by 1"
    ).melt(id_vars="kpi_month", var_name="percentile", value_name="hours")
    hours["kpi_month"] = pd.to_datetime(hours["kpi_month"])
    chart(charts.lines_by(hours, "hours", "percentile", "hours to follow-up"))
    st.subheader("Feedback tone and survey response")
    month = warehouse.month_column("kpi_feedback_monthly")
    tone = warehouse.query(
        f"select {month} as kpi_month, tone_negative_share as negative, "
        "tone_neutral_share as neutral, tone_positive_share as positive from marts.kpi_feedback_monthly "
        "where segment_name = 'all' order by 1"
    ).melt(id_vars="kpi_month", var_name="tone", value_name="share")
    tone["month"] = pd.to_datetime(tone["kpi_month"]).dt.strftime("%Y-%m")
    tone["share"] = tone["share"] * 100
    chart(charts.stacked_bars(tone, "month:O", "share", "tone", "month", "percent"))
    kpi_section(KPIS["survey_response_rate"], "all", "all")
    st.subheader("Churn after the answer, by driver")
    drv = warehouse.query(
        "select * from marts.drivers_nps_and_churn order by driver_name, driver_value_order"
    )
    for col in ("churned_share", "churned_share_ci95_low", "churned_share_ci95_high"):
        drv[col] = drv[col] * 100
    chart(
        charts.drivers(
            drv,
            "churned_share",
            "churned_share_ci95_low",
            "churned_share_ci95_high",
            "churned (percent)",
            small="is_small_churn_sample",
        ),
        width="stretch",
    )
    footer()


def sentiment() -> None:
    st.title("Text sentiment: what customers write")
    kpi = KPIS["sentiment_score_mean"]
    name, value = segment_picker(kpi, "sentiment")
    kpi_section(kpi, name, value)
    mix = warehouse.query(
        f"select {warehouse.month_column(kpi.mart)} as kpi_month, negative_share as negative, "
        "neutral_share as neutral, positive_share as positive from marts.kpi_sentiment_monthly "
        "where segment_name = ? and segment_value = ? order by 1",
        (name, value),
    ).melt(id_vars="kpi_month", var_name="label", value_name="share")
    mix["month"] = pd.to_datetime(mix["kpi_month"]).dt.strftime("%Y-%m")
    mix["share"] = mix["share"] * 100
    st.subheader("Label mix by month")
    chart(charts.stacked_bars(mix, "month:O", "share", "label", "month", "percent"))
    footer()


def data_health() -> None:
    st.title("Data health")
    health.rejected_rows_section()
    health.freshness_section()
    health.quality_section()
    footer()


@dataclass(frozen=True)
class Page:
    title: str
    render: Callable[[], None]
    exposure: str | None = None  # the exposure in models/marts/_exposures.yml this page is


EXPOSURES_YML = Path(__file__).resolve().parents[2] / "models" / "marts" / "_exposures.yml"


def home() -> None:
    st.title("CX dashboards")
    st.write(
        "Dashboards over the governed KPI marts (read-only). Each dashboard below is an exposure "
        "declared in `models/marts/_exposures.yml`; the KPI family pages show every KPI's monthly "
        "trend with its 95% interval and target range, by segment."
    )
    declared = {e["name"]: e for e in yaml.safe_load(EXPOSURES_YML.read_text())["exposures"]}
    for key, page in PAGES.items():
        if page.exposure is None:
            continue
        exposure = declared.get(page.exposure, {})
        owner = exposure.get("owner", {}).get("name", "")
        st.markdown(f"**[{page.title}](?page={key})** ({owner}): {exposure.get('description', '').strip()}")
    st.markdown(
        "KPI families: "
        + ", ".join(f"[{p.title}](?page={k})" for k, p in PAGES.items() if k.startswith("kpi-"))
    )
    footer()


PAGES: dict[str, Page] = {
    "home": Page("Overview", home),
    "cx-scorecard": Page("CX scorecard", scorecard, "cx_executive_scorecard"),
    "support-operations": Page("Support operations", service, "support_operations"),
    "voice-of-customer": Page("Escalations and closed loop", voice, "voice_of_customer"),
    "text-sentiment": Page("Text sentiment", sentiment, "text_sentiment_insights"),
    "data-health": Page("Data health", data_health, "survey_data_quality"),
    **{f"kpi-{f.key}": Page(f"KPI: {f.title}", family_page(f)) for f in FAMILIES},
}
