"""The predictive dbt Python models in the test warehouse, the bench command and the Spark switch."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cxm.benchmarks.models import format_report, run_bench_models
from cxm.cli import main

from .conftest import BIN, REAL_DATA, REPO, Warehouse, dbt_env

PYTHON_MODELS = {
    "ml_clv_parameters",
    "ml_clv_customers",
    "ml_churn_risk_customers",
    "ml_churn_risk_evaluation",
    "fct_text_sentiments",
}
NEEDS_PYTHON_MODELS = PYTHON_MODELS | {
    "pred_clv_customers",
    "pred_churn_risk_customers",
    "worklist_feedback_escalations",
    "worklist_referral_invitations",
    "kpi_sentiment_monthly",
}


def _df(warehouse: Warehouse, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        return con.sql(sql).df()
    finally:
        con.close()


@pytest.mark.integration
def test_predicted_clv_in_range_for_every_buyer(warehouse: Warehouse) -> None:
    clv = _df(warehouse, "select * from marts.pred_clv_customers")
    buyers = _df(
        warehouse, "select distinct customer_id from intermediate.int_orders_valued where net_revenue > 0"
    )
    assert set(clv["customer_id"]) == set(buyers["customer_id"])
    assert clv["p_alive"].between(0, 1).all()
    assert (clv[["expected_purchases", "expected_order_value", "predicted_clv"]] >= 0).all().all()
    assert (clv["horizon_days"] == 365).all()
    shares = clv["predicted_value_tier"].value_counts(normalize=True)
    assert shares["high"] == pytest.approx(0.2, abs=0.01) and shares["medium"] == pytest.approx(0.3, abs=0.01)
    high_min = clv.loc[clv["predicted_value_tier"] == "high", "predicted_clv"].min()
    assert high_min >= clv.loc[clv["predicted_value_tier"] != "high", "predicted_clv"].max()
    params = _df(warehouse, "select * from marts.ml_clv_parameters")
    assert (
        len(params[params["model"] == "bg_nbd"]) == 4 and len(params[params["model"] == "gamma_gamma"]) == 3
    )


@pytest.mark.integration
def test_churn_model_evaluated_out_of_time_with_auc_above_bound(warehouse: Warehouse) -> None:
    ev = _df(warehouse, "select * from marts.ml_churn_risk_evaluation").iloc[0]
    assert ev["train_last_cutoff"] + pd.Timedelta(days=90) <= ev["evaluation_cutoff"]
    assert ev["evaluation_window_end"] == pd.Timestamp("2026-10-31")
    assert ev["evaluation_churned"] >= 30
    # Measured on this warehouse (scale 0.3, seed 7): AUC 0.716 with 63 churned of 1,034
    # (Hanley-McNeil SE 0.037); the naive days-since-last-order score 0.478. An earlier draw
    # of the same generator gave 0.662, so the sampling noise is real: the bound sits about
    # 3 SE below the measurement. Data and model are deterministic, so falling below it
    # means the signal or the features broke.
    assert ev["auc"] > 0.60
    assert ev["auc"] > ev["baseline_auc_days_since_last_order"]
    scores = _df(warehouse, "select * from marts.pred_churn_risk_customers")
    members = _df(
        warehouse,
        """select distinct customer_id from intermediate.int_customer_spells_merged
           where spell_started_at < data_as_of and (spell_ended_at is null or spell_ended_at > data_as_of)""",
    )
    assert set(scores["customer_id"]) == set(members["customer_id"])
    assert scores["churn_probability"].between(0, 1).all()


@pytest.mark.integration
def test_escalation_list_is_the_open_negative_feedback_of_high_value_customers_oldest_first(
    warehouse: Warehouse,
) -> None:
    queue = _df(warehouse, "select * from marts.worklist_feedback_escalations order by queue_position")
    assert len(queue) > 0
    assert list(queue["queue_position"]) == list(range(1, len(queue) + 1))
    assert queue["submitted_at"].is_monotonic_increasing
    # negative = the score band (closed-loop duty) or a comment whose text sentiment is negative
    expected = _df(
        warehouse,
        """
        select
            f.response_key,
            case
                when f.is_negative_feedback = 1 and t.sentiment_label = 'negative' then 'score_and_text'
                when f.is_negative_feedback = 1 then 'score'
                else 'text'
            end as reason
        from marts.fct_feedback as f
        inner join marts.pred_clv_customers as c on f.customer_id = c.customer_id
        left join marts.fct_text_sentiments as t
            on t.source_kind = 'survey_comment' and t.source_id = f.response_key
        where (f.is_negative_feedback = 1 or t.sentiment_label = 'negative')
          and f.is_followed_up = 0 and c.predicted_value_tier = 'high'
          and f.submitted_at <= c.observation_end
          and f.submitted_at >= c.observation_end - interval 90 day
        """,
    )
    assert dict(zip(queue["response_key"], queue["escalation_reason"], strict=True)) == dict(
        zip(expected["response_key"], expected["reason"], strict=True)
    )
    # both routes into the queue occur on the test data
    reasons = set(queue["escalation_reason"])
    assert "text" in reasons and reasons & {"score", "score_and_text"}
    facts = _df(warehouse, "select response_key, is_followed_up from marts.fct_feedback")
    rows = facts[facts["response_key"].isin(queue["response_key"])]
    assert (rows["is_followed_up"] == 0).all()
    assert (queue["predicted_value_tier"] == "high").all() and (queue["hours_waiting"] >= 0).all()


@pytest.mark.integration
def test_python_models_are_deterministic(warehouse: Warehouse, tmp_path: Path) -> None:
    """Rebuilding the Python models on the same data gives the same tables, bit for bit."""
    tables = sorted(PYTHON_MODELS)
    before = {t: _df(warehouse, f"select * from marts.{t} order by all") for t in tables}
    # own target and log folders, so the build's run_results.json stays for the other tests
    env = {
        **warehouse.env,
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    proc = subprocess.run(
        [str(BIN / "dbt"), "run", "-s", *tables],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:]
    for t in tables:
        pd.testing.assert_frame_equal(
            before[t], _df(warehouse, f"select * from marts.{t} order by all"), obj=t
        )


@pytest.mark.integration
def test_bench_models_prints_cdnow_and_churn_auc(warehouse: Warehouse, tmp_path: Path, capsys) -> None:
    assert main(["bench-models", "--database", str(warehouse.db_path), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "CDNOW" in out and "churn AUC" in out
    report = json.loads((tmp_path / "bench_models.json").read_text())
    assert {r["parameter"] for r in report["cdnow"]["parameters"]} >= {"r", "alpha", "a", "b", "p", "q", "v"}
    ev = _df(warehouse, "select auc from marts.ml_churn_risk_evaluation")["auc"].iloc[0]
    assert report["generated"]["churn"]["auc"] == pytest.approx(ev, abs=1e-12)


@pytest.mark.realdata
@pytest.mark.skipif(not (REAL_DATA / "olist_subset").exists(), reason="../shared/data/real is absent")
def test_bench_models_on_olist() -> None:
    """Olist: 42 of 6,803 customers bought twice, so the fit is weak; measured holdout 21 actual
    vs 26 predicted repeat purchase days. Churn is not defined (no memberships)."""
    report = run_bench_models(None, REAL_DATA)
    olist = report["olist"]
    assert olist["customers"] > 5000 and olist["repeat_customers"] > 10
    assert "holdout" in olist, olist.get("error")
    assert olist["holdout"]["actual_purchases"] > 0 and olist["holdout"]["predicted_purchases"] > 0
    assert "not applicable" in olist["churn"]
    assert "Olist" in format_report(report)


@pytest.mark.integration
def test_on_spark_the_python_models_and_their_dependents_are_disabled(tmp_path: Path) -> None:
    """Parse the project for a Spark target (no connection needed): the models that are or
    ref Python models are disabled, everything else stays enabled, and nothing refs them."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "profiles.yml").write_text(
        "cx_metrics:\n  target: spark\n  outputs:\n    spark:\n"
        "      type: spark\n      method: session\n      schema: cx\n      host: NA\n"
    )
    env = dbt_env(tmp_path)
    env["DBT_PROFILES_DIR"] = str(profiles)
    env.pop("CXM_TARGET", None)
    proc = subprocess.run(
        [str(BIN / "dbt"), "ls", "--resource-type", "model", "--output", "name"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    names = {line.strip() for line in proc.stdout.splitlines()}
    assert "dim_customers" in names and "kpi_clv_by_cohort" in names and "fct_feedback" in names
    assert not names & NEEDS_PYTHON_MODELS, names & NEEDS_PYTHON_MODELS


@pytest.mark.integration
def test_every_model_on_a_python_model_is_disabled_on_spark_by_its_yaml(warehouse: Warehouse) -> None:
    """The manifest (DuckDB target): each Python model and each model downstream of one
    carries the enabled switch, and no SQL mart that existed before refs them."""
    manifest = json.loads((warehouse.target_path / "manifest.json").read_text())
    models = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    python = {name for name, n in models.items() if n["language"] == "python"}
    assert python == PYTHON_MODELS
    downstream = set(python)
    changed = True
    while changed:
        changed = False
        for name, n in models.items():
            parents = {p.split(".")[-1] for p in n["depends_on"]["nodes"]}
            if name not in downstream and parents & downstream:
                downstream.add(name)
                changed = True
    assert downstream == NEEDS_PYTHON_MODELS
    for name in downstream:
        # the YAML that configures the model (a KPI folder's <kpi>.yml, else <model>.yml)
        raw = (REPO / models[name]["patch_path"].split("://", 1)[1]).read_text()
        assert "enabled: \"{{ target.type != 'spark' }}\"" in raw, name


@pytest.mark.integration
def test_referral_worklist_is_recent_promoters_not_referred_not_invited_not_churned(
    warehouse: Warehouse,
) -> None:
    """The referral worklist equals an independent pandas computation from the facts."""
    worklist = _df(warehouse, "select * from marts.worklist_referral_invitations order by worklist_position")
    answers = _df(warehouse, "select * from marts.fct_survey_responses where customer_id is not null")
    codes = _df(warehouse, "select * from staging.stg_referrals__codes")
    redemptions = _df(warehouse, "select * from intermediate.int_referral_redemptions_joined")
    customers = _df(warehouse, "select customer_id, customer_status from marts.dim_customers")
    predicted = _df(
        warehouse, "select customer_id, predicted_clv, observation_end from marts.pred_clv_customers"
    )
    as_of = predicted["observation_end"].max()
    recent = answers[
        (answers["is_nps_promoter"] == 1)
        & (answers["submitted_at"] <= as_of)
        & (answers["submitted_at"] >= as_of - pd.Timedelta(days=90))
    ]
    referred = set(redemptions.loc[redemptions["is_successful"] == 1, "referrer_customer_id"].dropna())
    last_code = codes.groupby("referrer_customer_id")["issued_at"].max()
    churned = set(customers.loc[customers["customer_status"] == "churned", "customer_id"])
    expected = {
        int(c)
        for c in recent["customer_id"].unique()
        if c not in referred
        and c not in churned
        and not (c in last_code.index and last_code[c] >= as_of - pd.Timedelta(days=180))
    }
    assert len(worklist) > 0 and set(worklist["customer_id"]) == expected
    assert list(worklist["worklist_position"]) == list(range(1, len(worklist) + 1))
    clv = worklist["predicted_clv"].fillna(-1.0)
    assert clv.is_monotonic_decreasing
    assert (worklist["score"] >= 9).all()
