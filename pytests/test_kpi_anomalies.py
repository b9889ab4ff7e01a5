"""Anomaly checks on the KPI series (DECISIONLOG.md#kpi-anomalies).

The generator plants one anomaly, a broken survey link: most answers to the invitations sent
in one month never arrive (cxm.generate.anomaly_month). kpi_anomalies must flag that month's
response rate, and its expected value and band must equal an independent computation.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from cxm.generate import anomaly_month

from .conftest import TEST_AS_OF, Warehouse

pytestmark = pytest.mark.integration

THRESHOLD, MIN_HISTORY, MIN_RELATIVE_SPREAD = 4, 12, 0.02  # the vars' defaults (dbt_project.yml)


def _df(warehouse: Warehouse, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        return con.sql(sql).df()
    finally:
        con.close()


def _expected(history: pd.Series, month: pd.Timestamp) -> tuple[float, float, str]:
    """Expected value, robust spread and method for `month` of a monthly series (pandas)."""
    index = {m.year * 12 + m.month: v for m, v in history.items()}
    t = month.year * 12 + month.month
    changes = pd.Series([index[m] - index[m - 1] for m in range(t - 12, t) if m in index and m - 1 in index])
    drift = changes.median()
    mad = (changes - drift).abs().median()
    votes = pd.Series([index[t - k] + k * drift for k in (1, 2, 3, 12) if t - k in index])
    expected = votes.median()
    spread = max(1.4826 * mad, MIN_RELATIVE_SPREAD * abs(expected), 1e-9)
    return float(expected), float(spread), "trend_and_season" if t - 12 in index else "trend"


def test_the_planted_broken_survey_link_is_flagged_as_computed_by_hand(warehouse: Warehouse) -> None:
    month = pd.Timestamp(anomaly_month(TEST_AS_OF))
    flagged = _df(warehouse, "select * from marts.kpi_anomalies")
    hit = flagged[
        (flagged["kpi_mart"] == "kpi_survey_response_rate_monthly")
        & (flagged["measure"] == "response_rate")
        & (pd.to_datetime(flagged["kpi_month"]) == month)
    ]
    assert len(hit) == 1, flagged[["kpi_mart", "measure", "kpi_month"]].to_string()
    row = hit.iloc[0]
    series = _df(
        warehouse,
        "select kpi_month, response_rate from marts.kpi_survey_response_rate_monthly "
        "where segment_name = 'all' and response_rate is not null order by kpi_month",
    )
    history = pd.Series(series["response_rate"].to_numpy(), index=pd.to_datetime(series["kpi_month"]))
    expected, spread, method = _expected(history, month)
    assert row["observed_value"] == pytest.approx(history[month])
    assert row["expected_value"] == pytest.approx(expected)
    assert row["robust_spread"] == pytest.approx(spread)
    assert row["expected_method"] == method
    assert row["direction"] == "below" and row["deviation_score"] < -THRESHOLD
    assert not row["is_latest_month"]


def test_flags_are_rare_outside_the_planted_month(warehouse: Warehouse) -> None:
    """Every flagged point is beyond the threshold; few series flag outside the planted month."""
    flagged = _df(warehouse, "select * from marts.kpi_anomalies")
    assert (flagged["deviation_score"].abs() > THRESHOLD).all()
    assert (flagged["history_months"] >= MIN_HISTORY).all()
    month = pd.Timestamp(anomaly_month(TEST_AS_OF))
    evaluated = _df(
        warehouse,
        "select count(*) as n from (select distinct kpi_month from marts.kpi_survey_response_rate_monthly)",
    )["n"].iloc[0]
    elsewhere = flagged[pd.to_datetime(flagged["kpi_month"]) != month]
    # 28 series over about three years of judged months: under 2% of points flagged elsewhere
    assert len(elsewhere) < 0.02 * 28 * evaluated, elsewhere[["kpi_mart", "measure", "kpi_month"]].to_string()
