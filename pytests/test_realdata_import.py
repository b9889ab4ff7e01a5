"""Bring your own data (issue 11): the three real data sets land through `cxm import` and the
shipped mappings, `dbt build` passes on a warehouse of real data alone, and each mart figure
equals an independent pandas computation on the raw CSV files."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from cxm.imports import stable_key
from cxm.sources import raw_tables

from .conftest import BIN, REAL_DATA, REPO, dbt_env

OLIST = REAL_DATA / "olist_subset"
TWCS = REAL_DATA / "twcs_sample" / "twcs_kaggle_sample.csv"
NPS = REAL_DATA / "nps_verbatims" / "nps_verbatims.csv"
LOADED_AT = "2026-11-01 00:00:00"
IMPORTS = [
    ("config/imports/olist/customers.yml", OLIST / "olist_customers_dataset.csv"),
    ("config/imports/olist/orders.yml", OLIST / "olist_orders_dataset.csv"),
    ("config/imports/olist/order_items.yml", OLIST / "olist_order_items_dataset.csv"),
    ("config/imports/olist/payments.yml", OLIST / "olist_order_payments_dataset.csv"),
    ("config/imports/olist/reviews.yml", OLIST / "olist_order_reviews_dataset.csv"),
    ("config/imports/twcs/threads.yml", TWCS),
    ("config/survey_exports/telecom_nps.yml", NPS),
]

pytestmark = [pytest.mark.integration, pytest.mark.realdata]


@dataclass
class RealWarehouse:
    db: Path
    build_output: str

    def query(self, sql: str) -> pd.DataFrame:
        con = duckdb.connect(str(self.db), read_only=True)
        try:
            return con.execute(sql).df()
        finally:
            con.close()


def _cxm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "cxm"), *args], cwd=REPO, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealWarehouse]:
    if not all(f.exists() for _, f in IMPORTS):
        pytest.skip(f"real data absent: {REAL_DATA}")
    root = tmp_path_factory.mktemp("realdata")
    env = dbt_env(root)
    db = Path(env["CXM_DUCKDB_PATH"])
    for mapping, export in IMPORTS:
        args = ["import", "--mapping", mapping, "--file", str(export), "--database", str(db)]
        proc = _cxm(*args, "--loaded-at", LOADED_AT, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    build = subprocess.run(
        [str(BIN / "dbt"), "build"], cwd=REPO, env=env, capture_output=True, text=True, timeout=1800
    )
    assert build.returncode == 0, build.stdout[-8000:]
    yield RealWarehouse(db, build.stdout)


def _sao_paulo_utc(values: pd.Series) -> pd.Series:
    """DECISIONLOG.md#local-times-at-dst-changes, computed independently with pandas."""
    naive = pd.to_datetime(values.replace("", None), format="%Y-%m-%d %H:%M:%S")
    local = naive.dt.tz_localize(
        "America/Sao_Paulo", ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward"
    )
    return local.dt.tz_convert("UTC").dt.tz_localize(None)


def test_build_says_which_sources_are_absent(real: RealWarehouse) -> None:
    line = next(x for x in real.build_output.splitlines() if "Sources absent" in x)
    for absent in ("crm.subscriptions", "web.events", "hr.pulse_responses", "shop.returns"):
        assert absent in line
    for present in ("shop.orders", "helpdesk.tickets", "surveys.responses", "helpdesk.agents"):
        assert present not in line
    assert "kpi_churn_monthly" in line


def test_every_raw_row_is_accepted_or_rejected(real: RealWarehouse) -> None:
    checked = 0
    for name, table in raw_tables().items():
        raw = int(real.query(f"select count(*) as n from {table.relation}")["n"].iloc[0])
        if raw == 0:
            continue
        staged = int(
            real.query(f"select count(*) as n from staging.stg_{table.source}__{table.table}")["n"].iloc[0]
        )
        rejected = int(
            real.query(
                f"""select count(*) as n from marts.rejected_rows
                    where source_table = '{name}' and rejected_in = 'staging'"""
            )["n"].iloc[0]
        )
        assert raw == staged + rejected, (name, raw, staged, rejected)
        checked += 1
    assert checked >= 11


def test_reimporting_the_same_content_changes_nothing(real: RealWarehouse, tmp_path: Path) -> None:
    env = dbt_env(tmp_path)
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(real.db.read_bytes())
    renamed = tmp_path / "another_name.csv"
    renamed.write_bytes((OLIST / "olist_order_reviews_dataset.csv").read_bytes())
    joined = [OLIST / "olist_orders_dataset.csv", OLIST / "olist_customers_dataset.csv"]
    for f in joined:
        (tmp_path / f.name).write_bytes(f.read_bytes())
    proc = _cxm(
        "import",
        "--mapping",
        "config/imports/olist/reviews.yml",
        "--file",
        str(renamed),
        "--database",
        str(copy),
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "0 new" in proc.stdout
    before = real.query("select count(*) as n from raw_surveys.responses")["n"].iloc[0]
    con = duckdb.connect(str(copy), read_only=True)
    after = con.execute("select count(*) from raw_surveys.responses").fetchall()[0][0]
    con.close()
    assert before == after == 8225


def _olist_answers() -> pd.DataFrame:
    reviews = pd.read_csv(OLIST / "olist_order_reviews_dataset.csv", dtype=str, keep_default_na=False)
    orders = pd.read_csv(OLIST / "olist_orders_dataset.csv", dtype=str, keep_default_na=False)
    payments = pd.read_csv(OLIST / "olist_order_payments_dataset.csv", dtype=str, keep_default_na=False)
    orders["delivered"] = _sao_paulo_utc(orders["order_delivered_customer_date"])
    orders["shipped"] = _sao_paulo_utc(orders["order_delivered_carrier_date"])
    promised_end = pd.to_datetime(orders["order_estimated_delivery_date"]).dt.normalize() + pd.Timedelta(
        days=1
    )
    orders["timeliness"] = np.select(
        [
            orders["delivered"] < orders["shipped"],
            orders["delivered"].isna(),
            orders["delivered"] >= promised_end,
        ],
        ["none", "not_delivered", "late"],
        "on_time",
    )
    method = payments["payment_type"].replace(
        {"credit_card": "card", "debit_card": "card", "not_defined": "unknown"}
    )
    payments = payments.assign(
        method=method,
        key=[
            stable_key(f"{o}:{s}")
            for o, s in zip(payments.order_id, payments.payment_sequential, strict=True)
        ],
    )
    last = payments.sort_values("key").groupby("order_id")["method"].last()
    answers = reviews.merge(orders, on="order_id", how="left")
    answers["payment_method"] = answers["order_id"].map(last).fillna("none")
    answers["month"] = _sao_paulo_utc(answers["review_answer_timestamp"]).dt.strftime("%Y-%m-01")
    answers["score"] = answers["review_score"].astype(int)
    answers["top"] = (answers["score"] >= 4).astype(int)
    return answers


@pytest.mark.parametrize(
    "segment,column", [("delivery_timeliness", "timeliness"), ("payment_method", "payment_method")]
)
def test_olist_csat_by_segment_matches_pandas(real: RealWarehouse, segment: str, column: str) -> None:
    answers = _olist_answers()
    expected = answers.groupby(["month", column]).agg(
        n=("score", "size"), top=("top", "sum"), total=("score", "sum")
    )
    mart = real.query(
        f"""select cast(kpi_month as varchar) as month, segment_value, answers, top_box_answers, csat_mean
            from marts.kpi_csat_monthly where segment_name = '{segment}' and answers > 0"""
    )
    got = {(r.month, r.segment_value): r for r in mart.itertuples()}
    assert len(got) == len(expected) > 10
    for (month, value), row in expected.iterrows():
        cell = got[(month, value)]
        assert (cell.answers, cell.top_box_answers) == (row.n, row.top), (month, value)
        assert abs(cell.csat_mean - row.total / row.n) < 1e-9
    late = (
        expected.xs("late", level=1)["top"].sum() / expected.xs("late", level=1)["n"].sum()
        if segment == "delivery_timeliness"
        else None
    )
    if late is not None:
        on_time = expected.xs("on_time", level=1)
        assert late < on_time["top"].sum() / on_time["n"].sum()  # late deliveries are rated worse


def _twcs_tickets() -> pd.DataFrame:
    raw = pd.read_csv(TWCS, dtype=str, keep_default_na=False)
    raw["at"] = pd.to_datetime(raw["created_at"], format="%a %b %d %H:%M:%S %z %Y").dt.tz_convert(None)
    parent = dict(zip(raw.tweet_id, raw.in_response_to_tweet_id, strict=True))

    def root(t: str) -> str:
        while parent.get(t) in parent:
            t = parent[t]
        return t

    raw["thread"] = raw["tweet_id"].map(root)
    raw = raw.sort_values(["thread", "at"])
    rows = []
    for thread, msgs in raw.groupby("thread"):
        first = msgs[msgs.tweet_id == thread].iloc[0]
        if first.inbound != "True":
            continue
        agent = msgs[msgs.inbound != "True"]
        solved = msgs.iloc[-1].inbound != "True"
        rows.append(
            {
                "month": first["at"].strftime("%Y-%m-01"),
                "account": agent.iloc[0].author_id if len(agent) else "unknown",
                "frt": (agent["at"].min() - first["at"]).total_seconds() if len(agent) else np.nan,
                "resolution": (msgs.iloc[-1]["at"] - first["at"]).total_seconds() if solved else np.nan,
                "solved": int(solved),
                "fcr": int(solved and len(agent) == 1),
            }
        )
    return pd.DataFrame(rows)


def test_twcs_service_kpis_by_answering_account_match_pandas(real: RealWarehouse) -> None:
    tickets = _twcs_tickets()
    assert len(tickets) == 25
    expected = tickets.groupby(["month", "account"]).agg(
        n=("frt", "size"),
        frt=("frt", "median"),
        resolution=("resolution", "median"),
        solved=("solved", "sum"),
        fcr=("fcr", "sum"),
    )
    frt = real.query(
        """select cast(f.kpi_month as varchar) as month, f.segment_value, f.tickets,
                  f.first_response_median_seconds, r.resolution_median_seconds,
                  c.solved_tickets, c.fcr_tickets
           from marts.kpi_first_response_time_monthly as f
           inner join marts.kpi_resolution_time_monthly as r using (kpi_month, segment_name, segment_value)
           inner join marts.kpi_fcr_monthly as c using (kpi_month, segment_name, segment_value)
           where f.segment_name = 'answering_account' and f.tickets > 0"""
    )
    got = {(r.month, r.segment_value): r for r in frt.itertuples()}
    assert len(got) == len(expected) >= 5
    for (month, account), row in expected.iterrows():
        cell = got[(month, account)]
        assert cell.tickets == row.n and cell.solved_tickets == row.solved and cell.fcr_tickets == row.fcr
        for mart_value, value in (
            (cell.first_response_median_seconds, row.frt),
            (cell.resolution_median_seconds, row.resolution),
        ):
            assert (pd.isna(mart_value) and pd.isna(value)) or abs(mart_value - value) < 1e-6, (
                month,
                account,
            )


def test_clv_runs_on_the_imported_orders(real: RealWarehouse) -> None:
    orders = pd.read_csv(OLIST / "olist_orders_dataset.csv", dtype=str, keep_default_na=False)
    customers = pd.read_csv(OLIST / "olist_customers_dataset.csv", dtype=str, keep_default_na=False)
    payments = pd.read_csv(OLIST / "olist_order_payments_dataset.csv", dtype=str, keep_default_na=False)
    paid = payments.assign(v=payments.payment_value.astype(float)).groupby("order_id")["v"].sum()
    done = orders[orders.order_status == "delivered"].merge(customers, on="customer_id")
    done = done.assign(value=done.order_id.map(paid)).query("value > 0")
    clv_total = real.query(
        """select sum(historical_clv_total) as t, sum(paying_customers) as n
           from marts.kpi_clv_by_cohort where segment_name = 'all'"""
    )
    assert abs(clv_total["t"].iloc[0] - done["value"].sum()) < 0.01
    assert clv_total["n"].iloc[0] == done["customer_unique_id"].nunique()
    predicted = real.query("select count(*) as n, count(predicted_clv) as p from marts.ml_clv_customers")
    assert predicted["n"].iloc[0] == predicted["p"].iloc[0] == done["customer_unique_id"].nunique()
    assert len(real.query("select * from marts.ml_clv_parameters")) > 0


def test_real_nps_answers_land_as_today(real: RealWarehouse) -> None:
    raw = pd.read_csv(NPS, dtype=str, keep_default_na=False)
    score = pd.to_numeric(raw["NPS_SCORE"].str.strip(), errors="coerce")
    usable = int((score.between(0, 10) & (score == score.round())).sum())
    got = real.query(
        "select count(*) as n from marts.fct_survey_responses where source_system = 'telecom_nps'"
    )
    assert got["n"].iloc[0] == usable


def test_only_some_sources_build(tmp_path: Path) -> None:
    """A helpdesk and a survey tool only: the build passes and names what is absent."""
    if not TWCS.exists():
        pytest.skip(f"real data absent: {TWCS}")
    env = dbt_env(tmp_path)
    env["DBT_TARGET_PATH"] = str(tmp_path / "target")
    db = env["CXM_DUCKDB_PATH"]
    for mapping, export in (IMPORTS[5], IMPORTS[6]):
        assert (
            _cxm("import", "--mapping", mapping, "--file", str(export), "--database", db, env=env).returncode
            == 0
        )
    proc = subprocess.run(
        [str(BIN / "dbt"), "build"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert "Sources absent (built empty, nothing was landed): crm.customers" in proc.stdout
    con = duckdb.connect(db)
    con.execute("drop table raw_helpdesk.tickets")
    con.close()
    again = subprocess.run(
        [str(BIN / "dbt"), "run", "--select", "stg_helpdesk__tickets"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert again.returncode != 0
    assert "missing source table raw_helpdesk.tickets" in again.stdout and "landed before" in again.stdout
    assert os.path.exists(db)
