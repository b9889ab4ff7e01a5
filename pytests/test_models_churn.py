"""Churn risk (cxm.models.churn): features by hand, no leakage, out-of-time split, determinism."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxm.models import churn

T = pd.Timestamp
CUTOFF = T("2025-06-01")
NAT = pd.NaT


def _frame(columns: list[str], rows: list[tuple[object, ...]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if c.endswith("_at") or c.endswith("_date"):
            out[c] = pd.to_datetime(out[c])
    return out


def small_inputs() -> churn.ChurnInputs:
    """c1 member throughout; c2 leaves on 2025-07-15; c3 joins after the cut-off; c4 left before it."""
    return churn.ChurnInputs(
        spells=_frame(
            ["customer_id", "spell_started_at", "spell_ended_at"],
            [
                (1, "2025-01-01", NAT),
                (2, "2025-01-01", "2025-07-15"),
                (3, "2025-06-20", NAT),
                (4, "2024-06-01", "2025-05-01"),
            ],
        ),
        orders=_frame(
            ["customer_id", "ordered_at", "net_revenue"],
            [
                (1, "2025-02-10", 30.0),  # in the 90 days before the last 90
                (1, "2025-05-20", 50.0),  # in the last 90 days
                (1, "2025-06-05", 999.0),  # after the cut-off: never seen
                (2, "2025-01-20", 10.0),
            ],
        ),
        sessions=_frame(
            ["customer_id", "started_at"],
            [(1, "2025-05-30"), (1, "2025-02-01"), (1, "2025-06-02"), (2, "2025-01-15")],
        ),
        tickets=_frame(
            ["customer_id", "created_at", "first_solved_at", "first_reopened_at", "transfers"],
            [
                (2, "2025-04-01", "2025-04-02", "2025-04-05", 2),
                (2, "2025-05-30", "2025-06-03", NAT, 1),  # solved after the cut-off: transfers unknown yet
                (2, "2025-06-10", "2025-06-11", NAT, 5),  # after the cut-off
            ],
        ),
        deliveries=_frame(
            ["customer_id", "promised_date", "delivered_at"],
            [
                (1, "2025-05-01", "2025-04-30 10:00"),  # on time
                (2, "2025-05-10", "2025-05-15 12:00"),  # late
                (2, "2025-05-31", NAT),  # late from 2025-06-01 00:00, the cut-off: known late
                (2, "2025-06-10", NAT),  # not due yet
            ],
        ),
        feedback=_frame(
            ["customer_id", "submitted_at", "question_id", "score", "is_negative_feedback", "feedback_tone"],
            [
                (2, "2025-05-01", "nps_0_10", 3, 1, "negative"),
                (2, "2025-05-20", "nps_0_10", 5, 1, "negative"),
                (2, "2025-04-03", "ces_1_7", 2, 1, "negative"),
                (1, "2025-05-21", "csat_1_5", 5, 0, "positive"),
                (2, "2025-06-10", "nps_0_10", 9, 0, "positive"),  # after the cut-off
            ],
        ),
    )


def test_who_is_at_risk_and_labels() -> None:
    inputs = small_inputs()
    assert list(churn.at_risk(inputs.spells, CUTOFF).index) == [1, 2]
    assert churn.labels(inputs.spells, CUTOFF, 90).to_dict() == {1: 0, 2: 1}
    # a spell ending after the horizon is not churn within it
    assert churn.labels(inputs.spells, CUTOFF, 30).to_dict() == {1: 0, 2: 0}


def test_features_by_hand() -> None:
    x = churn.build_features(small_inputs(), CUTOFF)
    assert list(x.columns) == list(churn.FEATURES)
    c1, c2 = x.loc[1], x.loc[2]
    assert c1["tenure_days"] == 151 and c2["tenure_days"] == 151
    assert (c1["orders_90d"], c1["orders_prev_90d"], c1["order_trend_90d"]) == (1, 1, 0)
    assert c1["days_since_last_order"] == 12 and c1["revenue_365d"] == 80.0
    # usual pace: 1 order (2025-02-10) in the (151 - 90) / 90 < 1 -> 1 earlier period
    assert c1["orders_usual_90d"] == 1.0 and c1["sessions_usual_90d"] == 1.0
    assert (c1["sessions_90d"], c1["sessions_prev_90d"]) == (1, 1)
    assert (c2["orders_90d"], c2["days_since_last_order"]) == (0, 132)
    assert (c2["tickets_180d"], c2["transfers_180d"], c2["reopens_180d"]) == (2, 2, 1)
    assert c2["late_deliveries_365d"] == 2 and c1["late_deliveries_365d"] == 0
    assert c2["last_nps"] == 5 and math.isnan(c1["last_nps"])
    assert c1["mean_csat_365d"] == 5 and c2["mean_ces_365d"] == 2 and math.isnan(c2["mean_csat_365d"])
    assert (c2["answers_365d"], c2["negative_feedback_365d"], c2["negative_tone_365d"]) == (3, 3, 3)


def test_events_after_the_cutoff_never_change_the_features() -> None:
    """No leakage: append a burst of activity after the cut-off; the features stay identical."""
    base = small_inputs()
    later = T("2025-06-01 00:00:01")
    noisy = churn.ChurnInputs(
        spells=base.spells,
        orders=pd.concat(
            [base.orders, _frame(["customer_id", "ordered_at", "net_revenue"], [(2, later, 5.0)])]
        ),
        sessions=pd.concat([base.sessions, _frame(["customer_id", "started_at"], [(2, later)] * 5)]),
        tickets=pd.concat(
            [
                base.tickets,
                _frame(
                    ["customer_id", "created_at", "first_solved_at", "first_reopened_at", "transfers"],
                    [(1, later, later, later, 7)],
                ),
            ]
        ),
        deliveries=pd.concat(
            [
                base.deliveries,
                _frame(["customer_id", "promised_date", "delivered_at"], [(1, "2025-06-01", NAT)]),
            ]
        ),
        feedback=pd.concat(
            [
                base.feedback,
                _frame(
                    [
                        "customer_id",
                        "submitted_at",
                        "question_id",
                        "score",
                        "is_negative_feedback",
                        "feedback_tone",
                    ],
                    [(1, later, "nps_0_10", 0, 1, "negative")],
                ),
            ]
        ),
    )
    pd.testing.assert_frame_equal(churn.build_features(base, CUTOFF), churn.build_features(noisy, CUTOFF))


def synthetic_inputs(seed: int, n: int = 1200) -> tuple[churn.ChurnInputs, pd.Timestamp]:
    """Members whose orders and visits fade before they leave, and who complain more."""
    rng = np.random.default_rng(seed)
    as_of = T("2026-01-01")
    start = as_of - pd.Timedelta(days=900)
    join = start + pd.to_timedelta(rng.uniform(0, 300, n), unit="D")
    hazard = 0.6 * np.exp(rng.normal(0, 0.8, n))  # per year
    leave = join + pd.to_timedelta(rng.exponential(1 / hazard) * 365, unit="D")
    ended = leave.where(leave < as_of)
    spells = pd.DataFrame({"customer_id": np.arange(n), "spell_started_at": join, "spell_ended_at": ended})
    rows_o, rows_s, rows_f = [], [], []
    for i in range(n):
        stop = min(leave[i], as_of)
        span = (stop - join[i]).days
        for kind, rate, rows in (("order", 8.0, rows_o), ("session", 20.0, rows_s)):
            for d in np.sort(rng.uniform(0, span, rng.poisson(rate * span / 365))):
                t = join[i] + pd.Timedelta(days=float(d))
                to_leave = (leave[i] - t).days
                if to_leave < 120 and rng.random() > to_leave / 120:
                    continue  # fading
                rows.append((i, t, 40.0) if kind == "order" else (i, t))
        if rng.random() < 0.5:
            t = join[i] + pd.Timedelta(days=float(rng.uniform(0, span)))
            score = int(np.clip(rng.normal(8 - 3 * hazard[i], 2), 0, 10))
            rows_f.append(
                (i, t, "nps_0_10", score, int(score <= 6), "negative" if score <= 6 else "positive")
            )
    inputs = churn.ChurnInputs(
        spells=spells,
        orders=pd.DataFrame(rows_o, columns=["customer_id", "ordered_at", "net_revenue"]),
        sessions=pd.DataFrame(rows_s, columns=["customer_id", "started_at"]),
        tickets=pd.DataFrame(
            {
                "customer_id": pd.Series(dtype="int64"),
                "created_at": pd.Series(dtype="datetime64[ns]"),
                "first_solved_at": pd.Series(dtype="datetime64[ns]"),
                "first_reopened_at": pd.Series(dtype="datetime64[ns]"),
                "transfers": pd.Series(dtype="int64"),
            }
        ),
        deliveries=pd.DataFrame(
            {
                "customer_id": pd.Series(dtype="int64"),
                "promised_date": pd.Series(dtype="datetime64[ns]"),
                "delivered_at": pd.Series(dtype="datetime64[ns]"),
            }
        ),
        feedback=pd.DataFrame(
            rows_f,
            columns=[
                "customer_id",
                "submitted_at",
                "question_id",
                "score",
                "is_negative_feedback",
                "feedback_tone",
            ],
        ),
    )
    return inputs, as_of


def test_out_of_time_split_learns_the_signal_and_is_deterministic() -> None:
    inputs, as_of = synthetic_inputs(1)
    ev = churn.evaluate(inputs, as_of, horizon_days=60, train_cutoffs=3, seed=42)
    assert ev.train_last_cutoff + pd.Timedelta(days=60) <= ev.evaluation_cutoff
    assert ev.evaluation_cutoff + pd.Timedelta(days=60) == ev.evaluation_window_end == as_of
    assert ev.train_first_cutoff == ev.evaluation_cutoff - pd.Timedelta(days=3 * 60)
    assert ev.evaluation_churned > 10 and ev.train_churned > 10
    # fading orders and visits and low NPS are the signal here. Measured (n = 1,200, about 25
    # churned evaluation customers): AUC 0.87 for seed 1, 0.76-0.87 over seeds 1-3, always
    # above the naive days-since-last-order score (0.62-0.75)
    assert ev.auc > 0.75
    assert ev.auc > ev.baseline_auc_days_since_last_order
    assert churn.evaluate(inputs, as_of, horizon_days=60, train_cutoffs=3, seed=42) == ev


def test_scores_rank_todays_members() -> None:
    inputs, as_of = synthetic_inputs(2)
    scores = churn.score(inputs, as_of, horizon_days=60, train_cutoffs=3, seed=42)
    members = churn.at_risk(inputs.spells, as_of)
    assert sorted(scores["customer_id"]) == sorted(members.index)
    assert scores["churn_probability"].between(0, 1).all()
    assert sorted(scores["churn_risk_rank"]) == list(range(1, len(scores) + 1))
    top = scores.sort_values("churn_risk_rank").iloc[0]
    assert (
        top["churn_probability"] == scores["churn_probability"].max() and top["churn_risk_percentile"] == 1.0
    )
    pd.testing.assert_frame_equal(
        scores, churn.score(inputs, as_of, horizon_days=60, train_cutoffs=3, seed=42)
    )


def test_one_class_training_data_is_a_clear_error() -> None:
    frame = pd.DataFrame({f: [0.0, 1.0] for f in churn.FEATURES}).assign(churned=[0, 0])
    with pytest.raises(ValueError, match="only one class"):
        churn.fit_model(frame, seed=1)
