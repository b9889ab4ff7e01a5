"""The KPIs the dashboards draw, grouped into families, and one tidy frame per KPI.

Each KPI names its mart and its value column; interval, change and target columns follow the
marts' naming (`<stem>_ci95_low`, `<stem>_change`, `target_lower_bound`) and are used only when
the mart has them. Values are shown in display units: shares as percent, durations in hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxdash import warehouse

# unit -> (factor from the mart's value to the display value, suffix shown after the number, decimals)
UNITS: dict[str, tuple[float, str, int]] = {
    "points": (1.0, "", 1),
    "share": (100.0, "%", 1),
    "seconds": (1 / 3600, " h", 2),
    "hours": (1.0, " h", 1),
    "currency": (1.0, "", 2),
    "score": (1.0, "", 3),
    "count": (1.0, "", 0),
}
AXIS_TITLES = {
    "points": "points",
    "share": "percent",
    "seconds": "hours",
    "hours": "hours",
    "currency": "currency units",
    "score": "score",
    "count": "count",
}


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    mart: str
    value: str
    sample: str
    unit: str
    better: str = "higher"
    stem: str | None = None  # prefix of the _ci95_low/_high and _change columns (default: value)
    partition: str | None = None  # value of the mart's partition column (NPS programme, journey)

    @property
    def column_stem(self) -> str:
        return self.stem or self.value


@dataclass(frozen=True)
class Family:
    key: str
    title: str
    kpis: tuple[Kpi, ...]
    about: str


REL_NPS = Kpi("relationship_nps", "Relationship NPS", "kpi_nps_monthly", "nps", "answers", "points",
              stem="nps", partition="relationship")  # fmt: skip
FAMILIES: tuple[Family, ...] = (
    Family("nps", "NPS", (
        REL_NPS,
        Kpi("transactional_nps", "Transactional NPS", "kpi_nps_monthly", "nps", "answers", "points",
            stem="nps", partition="transactional"),
    ), "Net Promoter Score by programme: relationship (periodic) and transactional (after a touchpoint)."),
    Family("satisfaction", "Satisfaction and effort", (
        Kpi("csat_top_box_share", "CSAT top-box share", "kpi_csat_monthly", "csat_top_box_share", "answers",
            "share"),
        Kpi("ces_easy_share", "CES easy share", "kpi_ces_monthly", "ces_easy_share", "answers", "share"),
    ), "CSAT after checkout and delivery; Customer Effort Score (share of easy answers)."),
    Family("retention", "Retention and value", (
        Kpi("churn_rate", "Churn rate", "kpi_churn_monthly", "churn_rate", "customers_at_start", "share",
            better="lower"),
        Kpi("renewal_rate", "Renewal rate", "kpi_renewal_monthly", "renewal_rate", "terms_due", "share"),
        Kpi("referral_rate", "Referral rate", "kpi_referral_monthly", "referral_rate", "active_customers",
            "share"),
        Kpi("historical_clv_mean", "Historical CLV (mean, by acquisition cohort)", "kpi_clv_by_cohort",
            "historical_clv_mean", "customers", "currency"),
    ), "Customers lost, terms renewed, referrals and historical value by acquisition cohort."),
    Family("service", "Service", (
        Kpi("fcr_rate", "First contact resolution", "kpi_fcr_monthly", "fcr_rate", "solved_tickets", "share"),
        Kpi("first_response_time_p50", "First response time (median)", "kpi_first_response_time_monthly",
            "first_response_median_seconds", "responded_tickets", "seconds", better="lower"),
        Kpi("resolution_time_p50", "Resolution time (median)", "kpi_resolution_time_monthly",
            "resolution_median_seconds", "resolved_tickets", "seconds", better="lower"),
    ), "Support tickets: resolved at first contact, time to first reply and to resolution (calendar)."),
    Family("voice", "Voice of the customer", (
        Kpi("survey_response_rate", "Survey response rate", "kpi_survey_response_rate_monthly",
            "response_rate", "invitations", "share"),
        Kpi("closed_loop_rate", "Closed-loop follow-up rate", "kpi_closed_loop_monthly", "closed_loop_rate",
            "negative_answers", "share"),
        Kpi("feedback_negative_share", "Negative feedback share", "kpi_feedback_monthly",
            "tone_negative_share", "answers", "share", better="lower"),
        Kpi("sentiment_score_mean", "Sentiment of open text (mean polarity)", "kpi_sentiment_monthly",
            "sentiment_score_mean", "texts", "score", stem="sentiment_score"),
    ), "Survey response, follow-up of negative feedback, feedback tone and what customers write."),
    Family("journeys", "Digital journeys", (
        Kpi("checkout_completion_rate", "Checkout completion", "kpi_journey_completion_monthly",
            "completion_rate", "journeys_started", "share", partition="checkout"),
        Kpi("return_request_completion_rate", "Return request completion", "kpi_journey_completion_monthly",
            "completion_rate", "journeys_started", "share", partition="return_request"),
        Kpi("account_signup_completion_rate", "Account sign-up completion", "kpi_journey_completion_monthly",
            "completion_rate", "journeys_started", "share", partition="account_signup"),
    ), "Share of started web journeys that complete."),
    Family("employee", "Employee (eNPS)", (
        Kpi("enps", "eNPS", "kpi_enps_monthly", "enps", "answers", "points"),
    ), "Employee pulse: eNPS; cells with too few answers are withheld for confidentiality."),
)  # fmt: skip
KPIS: dict[str, Kpi] = {k.key: k for f in FAMILIES for k in f.kpis}

# Standard column -> mart column (or None for a derived name); missing columns become nulls.
_OPTIONAL = {
    "ci_low": "{stem}_ci95_low",
    "ci_high": "{stem}_ci95_high",
    "change": "{stem}_change",
    "is_change_significant": "is_change_significant",
    "is_small_sample": "is_small_sample",
    "target_low": "target_lower_bound",
    "target_high": "target_upper_bound",
    "target_status": "target_status",
    "is_month_complete": "is_month_complete",
}


def kpi_frame(kpi: Kpi, segment_name: str | None = None, segment_value: str | None = None) -> pd.DataFrame:
    """One row per month (and segment): kpi_month, segment_name, segment_value, value, sample,
    ci_low, ci_high, change, is_change_significant, is_small_sample, target_low, target_high,
    target_status, is_month_complete; values in the mart's unit."""
    cols = set(warehouse.mart_columns(kpi.mart))
    selects = [
        f"{warehouse.month_column(kpi.mart)} as kpi_month",
        "segment_name",
        "segment_value",
        f"{kpi.value} as value",
        f"{kpi.sample} as sample",
    ]
    for alias, pattern in _OPTIONAL.items():
        column = pattern.format(stem=kpi.column_stem)
        selects.append(f"{column} as {alias}" if column in cols else f"null as {alias}")
    where, params = ["true"], []
    if kpi.partition is not None:
        part = warehouse.partition_column(kpi.mart)
        if part is None:
            raise LookupError(f"marts.{kpi.mart} has no partition column for {kpi.key}")
        where.append(f"{part} = ?")
        params.append(kpi.partition)
    if segment_name is not None:
        where.append("segment_name = ?")
        params.append(segment_name)
    if segment_value is not None:
        where.append("segment_value = ?")
        params.append(segment_value)
    sql = f"select {', '.join(selects)} from marts.{kpi.mart} where {' and '.join(where)} order by 1"
    df = warehouse.query(sql, tuple(params)).copy()
    df["kpi_month"] = pd.to_datetime(df["kpi_month"])
    return df


def segments(kpi: Kpi) -> pd.DataFrame:
    """segment_name, segment_value pairs the KPI's mart holds (`all` first)."""
    return warehouse.query(
        f"select distinct segment_name, segment_value from marts.{kpi.mart} "
        "order by segment_name <> 'all', segment_name, segment_value"
    )


def latest(df: pd.DataFrame) -> pd.Series | None:
    """The latest month with a value (and complete, where the mart says so)."""
    rows = df[df["value"].notna()]
    if rows["is_month_complete"].notna().any():
        rows = rows[rows["is_month_complete"].fillna(False).astype(bool)]
    return None if rows.empty else rows.sort_values("kpi_month").iloc[-1]


def flag(value: object) -> bool | None:
    """A nullable boolean from a frame cell (None, numpy or Python bool)."""
    return None if value is None or pd.isna(value) else bool(value)


def display(value: float | None, unit: str) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value) * UNITS[unit][0]


def fmt(value: float | None, unit: str, signed: bool = False) -> str:
    shown = display(value, unit)
    if shown is None:
        return "n/a"
    _, suffix, decimals = UNITS[unit]
    if signed and unit == "share":
        suffix = " pp"  # a change of a share is in percentage points
    return f"{shown:{'+' if signed else ''},.{decimals}f}{suffix}"


def month_label(month: pd.Timestamp) -> str:
    return f"{pd.Timestamp(month):%Y-%m}"
