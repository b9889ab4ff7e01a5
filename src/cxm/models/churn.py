"""Churn risk per customer from behaviour, service and feedback signals.

Method:
- a customer is *at risk* at a cut-off instant c when a membership spell runs at c (it began
  before c and has not ended at c); the label is whether that spell ends within the next
  `horizon_days` (churn, DECISIONLOG.md#churn);
- features use only what was known before c (events strictly before c): behaviour (orders and
  web sessions in the last 90 days vs the 90 before, days since the last order, tenure,
  revenue), service (tickets, transfers of tickets solved before c, reopens seen before c, late
  deliveries known at c) and feedback (last NPS, mean CSAT and CES, negative answers and
  answers with a negative feedback tone in the last 365 days);
- without leakage: the model is trained on cut-offs whose label windows end at or before the
  evaluation cut-off (as_of - horizon) and evaluated on that later cut-off, whose labels run
  to as_of; the AUC of that out-of-time evaluation is reported. The scores for today refit
  the same model on the cut-offs shifted one horizon later (the latest fully labelled data)
  and score the customers at risk at as_of;
- model: scikit-learn logistic regression on median-imputed (with missing indicators) and
  standardised features; lbfgs is deterministic, `random_state` is fixed anyway.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

DAY = pd.Timedelta(days=1)
RECENT_DAYS = 90
SERVICE_DAYS = 180
FEEDBACK_DAYS = 365

FEATURES: tuple[str, ...] = (
    "tenure_days",
    "orders_90d",
    "orders_prev_90d",
    "order_trend_90d",
    "orders_usual_90d",
    "days_since_last_order",
    "revenue_365d",
    "sessions_90d",
    "sessions_prev_90d",
    "session_trend_90d",
    "sessions_usual_90d",
    "tickets_180d",
    "transfers_180d",
    "reopens_180d",
    "late_deliveries_365d",
    "last_nps",
    "mean_csat_365d",
    "mean_ces_365d",
    "answers_365d",
    "negative_feedback_365d",
    "negative_tone_365d",
)


@dataclass(frozen=True)
class ChurnInputs:
    """Event tables, one frame each (timestamps naive UTC).

    spells: customer_id, spell_started_at, spell_ended_at (NaT while running)
    orders: customer_id, ordered_at, net_revenue
    sessions: customer_id, started_at
    tickets: customer_id, created_at, first_solved_at, first_reopened_at, transfers
    deliveries: customer_id, promised_date, delivered_at
    feedback: customer_id, submitted_at, question_id, score, is_negative_feedback, feedback_tone
    """

    spells: pd.DataFrame
    orders: pd.DataFrame
    sessions: pd.DataFrame
    tickets: pd.DataFrame
    deliveries: pd.DataFrame
    feedback: pd.DataFrame


@dataclass(frozen=True)
class ChurnEvaluation:
    """Out-of-time evaluation of the churn model (one row of the evaluation table)."""

    model: str
    features: str
    horizon_days: int
    seed: int
    train_cutoffs: int
    train_first_cutoff: pd.Timestamp
    train_last_cutoff: pd.Timestamp
    train_rows: int
    train_churned: int
    evaluation_cutoff: pd.Timestamp
    evaluation_window_end: pd.Timestamp
    evaluation_rows: int
    evaluation_churned: int
    auc: float
    baseline_auc_days_since_last_order: float


def _ts(frame: pd.DataFrame, col: str) -> pd.Series:
    return pd.to_datetime(frame[col])


def at_risk(spells: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """Customers with a spell running at `cutoff`: customer_id -> spell start and end."""
    start, end = _ts(spells, "spell_started_at"), _ts(spells, "spell_ended_at")
    running = spells[(start < cutoff) & (end.isna() | (end > cutoff))]
    running = running.sort_values(["customer_id", "spell_started_at"]).drop_duplicates(
        "customer_id", keep="last"
    )
    return running.set_index("customer_id")[["spell_started_at", "spell_ended_at"]]


def labels(spells: pd.DataFrame, cutoff: pd.Timestamp, horizon_days: int) -> pd.Series:
    """1 when the spell running at `cutoff` ends within (cutoff, cutoff + horizon], else 0."""
    risk = at_risk(spells, cutoff)
    end = pd.to_datetime(risk["spell_ended_at"])
    return (end.notna() & (end <= cutoff + horizon_days * DAY)).astype("int64").rename("churned")


def _count(frame: pd.DataFrame, time_col: str, lo: pd.Timestamp, hi: pd.Timestamp) -> pd.Series:
    t = _ts(frame, time_col)
    return frame[(t >= lo) & (t < hi)].groupby("customer_id").size()


def build_features(inputs: ChurnInputs, cutoff: pd.Timestamp) -> pd.DataFrame:
    """One row per customer at risk at `cutoff`, the FEATURES columns, from events before it."""
    c = pd.Timestamp(cutoff)
    risk = at_risk(inputs.spells, c)
    idx = risk.index
    out = pd.DataFrame(index=idx)
    out["tenure_days"] = (c - pd.to_datetime(risk["spell_started_at"])) / DAY

    o = inputs.orders[_ts(inputs.orders, "ordered_at") < c]
    recent, prev = c - RECENT_DAYS * DAY, c - 2 * RECENT_DAYS * DAY
    out["orders_90d"] = _count(o, "ordered_at", recent, c).reindex(idx).fillna(0)
    out["orders_prev_90d"] = _count(o, "ordered_at", prev, recent).reindex(idx).fillna(0)
    out["order_trend_90d"] = out["orders_90d"] - out["orders_prev_90d"]
    # the customer's usual pace: orders per 90 days of membership before the last 90 days
    earlier_periods = ((out["tenure_days"] - RECENT_DAYS) / RECENT_DAYS).clip(lower=1.0)
    since_start = o.merge(risk["spell_started_at"], left_on="customer_id", right_index=True)
    earlier = since_start[
        (_ts(since_start, "ordered_at") >= _ts(since_start, "spell_started_at"))
        & (_ts(since_start, "ordered_at") < recent)
    ]
    out["orders_usual_90d"] = earlier.groupby("customer_id").size().reindex(idx).fillna(0) / earlier_periods
    last_order = o.groupby("customer_id")["ordered_at"].max().reindex(idx)
    since = (c - pd.to_datetime(last_order)) / DAY
    out["days_since_last_order"] = since.fillna(out["tenure_days"])
    o365 = o[_ts(o, "ordered_at") >= c - 365 * DAY]
    out["revenue_365d"] = o365.groupby("customer_id")["net_revenue"].sum().reindex(idx).fillna(0.0)

    s = inputs.sessions
    out["sessions_90d"] = _count(s, "started_at", recent, c).reindex(idx).fillna(0)
    out["sessions_prev_90d"] = _count(s, "started_at", prev, recent).reindex(idx).fillna(0)
    out["session_trend_90d"] = out["sessions_90d"] - out["sessions_prev_90d"]
    s_start = s.merge(risk["spell_started_at"], left_on="customer_id", right_index=True)
    s_earlier = s_start[
        (_ts(s_start, "started_at") >= _ts(s_start, "spell_started_at"))
        & (_ts(s_start, "started_at") < recent)
    ]
    out["sessions_usual_90d"] = (
        s_earlier.groupby("customer_id").size().reindex(idx).fillna(0) / earlier_periods
    )

    t = inputs.tickets
    service_lo = c - SERVICE_DAYS * DAY
    out["tickets_180d"] = _count(t, "created_at", service_lo, c).reindex(idx).fillna(0)
    # transfers happen before the first solve: count them once the ticket was solved before c
    solved = t[(_ts(t, "created_at") >= service_lo) & (_ts(t, "first_solved_at") < c)]
    out["transfers_180d"] = solved.groupby("customer_id")["transfers"].sum().reindex(idx).fillna(0)
    out["reopens_180d"] = _count(t, "first_reopened_at", service_lo, c).reindex(idx).fillna(0)

    d = inputs.deliveries
    due = pd.to_datetime(d["promised_date"]) + DAY  # late from the day after the promised date
    delivered = _ts(d, "delivered_at")
    known_late = (due <= c) & (due >= c - 365 * DAY) & (delivered.isna() | (delivered >= due))
    out["late_deliveries_365d"] = d[known_late].groupby("customer_id").size().reindex(idx).fillna(0)

    f = inputs.feedback
    f = f[(_ts(f, "submitted_at") < c) & (_ts(f, "submitted_at") >= c - FEEDBACK_DAYS * DAY)]
    nps = f[f["question_id"] == "nps_0_10"].sort_values(["customer_id", "submitted_at"])
    out["last_nps"] = nps.groupby("customer_id")["score"].last().reindex(idx).astype("float64")
    for name, q in (("mean_csat_365d", "csat_1_5"), ("mean_ces_365d", "ces_1_7")):
        out[name] = f[f["question_id"] == q].groupby("customer_id")["score"].mean().reindex(idx)
    out["answers_365d"] = f.groupby("customer_id").size().reindex(idx).fillna(0)
    neg = f[f["is_negative_feedback"].astype(bool)]
    out["negative_feedback_365d"] = neg.groupby("customer_id").size().reindex(idx).fillna(0)
    tone = f[f["feedback_tone"] == "negative"]
    out["negative_tone_365d"] = tone.groupby("customer_id").size().reindex(idx).fillna(0)
    return out[list(FEATURES)].astype("float64").sort_index()


def training_frame(inputs: ChurnInputs, cutoffs: list[pd.Timestamp], horizon_days: int) -> pd.DataFrame:
    """Features and label for every customer at risk at each cut-off (column `cutoff`)."""
    parts = []
    for c in cutoffs:
        x = build_features(inputs, c)
        x["churned"] = labels(inputs.spells, c, horizon_days).reindex(x.index)
        x["cutoff"] = c
        parts.append(x)
    return pd.concat(parts).reset_index()


def fit_model(frame: pd.DataFrame, seed: int) -> Pipeline:
    """Logistic regression on imputed, standardised FEATURES -> P(churn within the horizon)."""
    y = frame["churned"].to_numpy()
    if len(np.unique(y)) < 2:
        raise ValueError("the training data holds only one class; need churned and retained customers")
    model = Pipeline(
        [
            ("impute", SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True)),
            ("scale", StandardScaler()),
            ("model", LogisticRegression(C=1.0, max_iter=2000, random_state=seed)),
        ]
    )
    model.fit(frame[list(FEATURES)], y)
    return model


def _cutoffs(last: pd.Timestamp, horizon_days: int, n: int) -> list[pd.Timestamp]:
    """n cut-offs one horizon apart, the latest being `last`, oldest first."""
    return [last - k * horizon_days * DAY for k in range(n - 1, -1, -1)]


def evaluate(
    inputs: ChurnInputs,
    as_of: pd.Timestamp,
    *,
    horizon_days: int = 90,
    train_cutoffs: int = 4,
    seed: int = 42,
) -> ChurnEvaluation:
    """Train on earlier cut-offs, evaluate on a later one; nothing after a cut-off is used.

    Evaluation cut-off e = as_of - horizon (labels run to as_of); training cut-offs
    e - horizon, e - 2 x horizon, ... (`train_cutoffs` of them, so every training label has
    been observed by e).
    """
    as_of = pd.Timestamp(as_of)
    eval_cut = as_of - horizon_days * DAY
    cuts = _cutoffs(eval_cut - horizon_days * DAY, horizon_days, train_cutoffs)
    train = training_frame(inputs, cuts, horizon_days)
    model = fit_model(train, seed)
    ev = training_frame(inputs, [eval_cut], horizon_days)
    y = ev["churned"].to_numpy()
    two_classes = len(np.unique(y)) == 2
    auc = (
        float(roc_auc_score(y, model.predict_proba(ev[list(FEATURES)])[:, 1]))
        if two_classes
        else float("nan")
    )
    baseline = float(roc_auc_score(y, ev["days_since_last_order"])) if two_classes else float("nan")
    return ChurnEvaluation(
        model="logistic_regression",
        features=",".join(FEATURES),
        horizon_days=horizon_days,
        seed=seed,
        train_cutoffs=len(cuts),
        train_first_cutoff=cuts[0],
        train_last_cutoff=cuts[-1],
        train_rows=len(train),
        train_churned=int(train["churned"].sum()),
        evaluation_cutoff=eval_cut,
        evaluation_window_end=as_of,
        evaluation_rows=len(ev),
        evaluation_churned=int(y.sum()),
        auc=auc,
        baseline_auc_days_since_last_order=baseline,
    )


def score(
    inputs: ChurnInputs,
    as_of: pd.Timestamp,
    *,
    horizon_days: int = 90,
    train_cutoffs: int = 4,
    seed: int = 42,
) -> pd.DataFrame:
    """Score the customers at risk at as_of with the model refitted on the latest labelled data.

    Training cut-offs: as_of - horizon, as_of - 2 x horizon, ... (labels observed by as_of).
    Returns customer_id, churn_probability, churn_risk_rank (1 = riskiest; ties by
    customer_id), churn_risk_percentile (1 = riskiest) and the FEATURES at as_of.
    """
    as_of = pd.Timestamp(as_of)
    cuts = _cutoffs(as_of - horizon_days * DAY, horizon_days, train_cutoffs)
    model = fit_model(training_frame(inputs, cuts, horizon_days), seed)
    now = build_features(inputs, as_of)
    scores = now.reset_index()
    scores.insert(1, "churn_probability", model.predict_proba(now[list(FEATURES)])[:, 1])
    rank = scores["churn_probability"].rank(method="first", ascending=False).astype("int64")
    scores.insert(2, "churn_risk_rank", rank)
    scores.insert(3, "churn_risk_percentile", 1.0 - (rank - 1) / max(len(scores), 1))
    return scores


def evaluation_table(evaluation: ChurnEvaluation) -> pd.DataFrame:
    return pd.DataFrame([asdict(evaluation)])


def empty_evaluation_table() -> pd.DataFrame:
    """ml_churn_risk_evaluation when no subscriptions landed: the columns, no rows."""
    ts = pd.Timestamp("1970-01-01")
    nan = float("nan")
    dummy = ChurnEvaluation("", "", 0, 0, 0, ts, ts, 0, 0, ts, ts, 0, 0, nan, nan)
    return evaluation_table(dummy).iloc[:0]


def empty_scores_table() -> pd.DataFrame:
    """ml_churn_risk_customers when no subscriptions landed: the columns, no rows."""
    cols: dict[str, str] = {
        "customer_id": "int64",
        "churn_probability": "float64",
        "churn_risk_rank": "int64",
        "churn_risk_percentile": "float64",
    }
    cols.update(dict.fromkeys(FEATURES, "float64"))
    cols.update({"horizon_days": "int64", "scored_at": "datetime64[us]"})
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})


def inputs_from_relations(
    *,
    spells: Any,
    orders: Any,
    sessions: Any,
    tickets: Any,
    deliveries: Any,
    feedback: Any,
) -> ChurnInputs:
    """ChurnInputs from DuckDB relations of the project's models (dbt.ref() in a Python model).

    orders: int_orders_valued (cancelled orders left out); sessions: stg_web__sessions;
    tickets: fct_tickets; deliveries: stg_logistics__deliveries joined to the orders for the
    customer; feedback: fct_feedback. Only customers' rows are kept.
    """
    order_rel = orders.filter("order_status != 'cancelled'")
    delivery_rel = deliveries.join(orders.project("order_id, customer_id"), "order_id")

    def frame(rel: Any, columns: str) -> pd.DataFrame:
        # rows in a fixed order: a relation's row order differs between an incremental and a
        # full build, and float sums in another order differ in their last digits
        return rel.project(columns).order(columns).df()

    return ChurnInputs(
        spells=frame(spells, "customer_id, spell_started_at, spell_ended_at"),
        orders=frame(order_rel, "customer_id, ordered_at, net_revenue"),
        sessions=frame(sessions.filter("customer_id is not null"), "customer_id, started_at"),
        tickets=frame(
            tickets.filter("customer_id is not null"),
            "customer_id, created_at, first_solved_at, first_reopened_at, transfers",
        ),
        deliveries=frame(delivery_rel, "customer_id, promised_date, delivered_at"),
        feedback=frame(
            feedback.filter("customer_id is not null"),
            "customer_id, submitted_at, question_id, score, is_negative_feedback, feedback_tone",
        ),
    )
