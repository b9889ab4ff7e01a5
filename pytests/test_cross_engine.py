"""The same small data set, built on DuckDB and on Spark, gives the same marts.

One generated data set (same seed, same as-of date, the example survey export landed with
the same `loaded_at`) is landed in a DuckDB file and in a local Spark session (its own
warehouse and Derby metastore in a temporary folder), `dbt build` runs on each (every
model, seed, data test and unit test), and every mart that exists on both engines is
compared row by row: the same columns, the same keys (from the mart's unique /
cx_unique_combination tests), equal texts, dates, timestamps and booleans, and numbers
equal within a relative tolerance of 1e-9.

Why 1e-9: both engines compute from the same integer counts and the same epoch seconds in
IEEE doubles (the SQL casts to double before dividing, DECISIONLOG.md#spark-engine); what may
differ is only the order in which a distributed engine adds doubles, and rounding of the last
bit of an intermediate, which is ~1e-16 relative per step. A real difference of logic changes
a KPI by at least one answer in a cell, i.e. by more than 1e-6 relative for any cell below a
million answers, so 1e-9 catches every one of them with a wide margin over the rounding noise.
The absolute tolerance of 1e-9 covers values that should be 0 (e.g. a change of 0 computed as
1e-15 on one engine).

Marts that are not built on Spark (Python models: dbt-spark's session method cannot run
them) are listed in DISABLED_ON_SPARK with the reason: a mart missing on Spark that is not
listed fails the test, so nothing is excluded silently.
"""

from __future__ import annotations

import json
import math
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cxm.generate import GenerateConfig, generate
from cxm.load import import_survey_export, load_raw

from .conftest import BIN, REPO, dbt_env

pytestmark = pytest.mark.integration

SCALE = 0.05
SEED = 7
AS_OF = date(2026, 10, 31)
# The survey export is landed at the same instant on both engines (it feeds loaded_at columns).
EXPORT_LOADED_AT = "2026-10-31 23:00:00"
EXPORT_MAPPING = REPO / "config/survey_exports/example_nps_export.yml"
EXPORT_CSV = REPO / "config/survey_exports/examples/example_nps_export.csv"
REL_TOL = 1e-9
ABS_TOL = 1e-9
SPARK_CORES = "2"

# Marts not built on Spark, with the reason (see the module docstring and
# DECISIONLOG.md#predictive-models-engines).
_PYTHON_MODEL = "a dbt Python model: dbt-spark's session method cannot run Python models"
_ON_PYTHON_MODEL = "refs a dbt Python model, disabled with it on Spark"
DISABLED_ON_SPARK: dict[str, str] = {
    "ml_clv_parameters": _PYTHON_MODEL,
    "ml_clv_customers": _PYTHON_MODEL,
    "ml_churn_risk_customers": _PYTHON_MODEL,
    "ml_churn_risk_evaluation": _PYTHON_MODEL,
    "pred_clv_customers": _ON_PYTHON_MODEL,
    "pred_churn_risk_customers": _ON_PYTHON_MODEL,
    "worklist_feedback_escalations": _ON_PYTHON_MODEL,
    "worklist_referral_invitations": _ON_PYTHON_MODEL,
    "fct_text_sentiments": _PYTHON_MODEL,
    "kpi_sentiment_monthly": _ON_PYTHON_MODEL,
}
# Columns whose text is engine-formatted by design; compared after normalising (see _same_json).
JSON_COLUMNS: dict[str, set[str]] = {"rejected_rows": {"raw_record"}}


@dataclass
class Build:
    name: str
    env: dict[str, str]
    target_path: Path
    seconds: float = 0.0
    output: str = ""
    manifest: dict[str, Any] = field(default_factory=dict)

    def run(self, *args: str, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            list(args), cwd=REPO, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if proc.returncode != 0:
            raise AssertionError(
                f"[{self.name}] {' '.join(args)} exited {proc.returncode}\n"
                f"{proc.stdout[-8000:]}\n{proc.stderr[-3000:]}"
            )
        return proc

    def dbt_build(self) -> None:
        started = time.monotonic()
        proc = self.run(str(BIN / "dbt"), "build")
        self.seconds = time.monotonic() - started
        self.output = proc.stdout
        self.manifest = json.loads((self.target_path / "manifest.json").read_text())


@dataclass
class Engines:
    duckdb: Build
    spark: Build
    db_path: Path
    spark_env: dict[str, str]


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engines]:
    root = tmp_path_factory.mktemp("cross_engine")
    raw = root / "raw"
    generate(GenerateConfig(scale=SCALE, seed=SEED, as_of=AS_OF, out_dir=raw))
    loaded_at = datetime.fromisoformat(EXPORT_LOADED_AT)

    duck_root = root / "duckdb"
    duck = Build("duckdb", dbt_env(duck_root), duck_root / "target")
    db_path = duck_root / "cx_metrics.duckdb"
    load_raw(raw, db_path)
    import_survey_export(db_path, EXPORT_MAPPING, EXPORT_CSV, loaded_at=loaded_at)
    duck.dbt_build()

    spark_root = root / "spark"
    spark_env = dbt_env(spark_root)
    spark_env.update(
        {
            "CXM_TARGET": "spark",
            "CXM_SPARK_DIR": str(spark_root / "spark"),
            "CXM_SPARK_CORES": SPARK_CORES,
            "CXM_THREADS": SPARK_CORES,
            "SPARK_LOCAL_IP": "127.0.0.1",
        }
    )
    spark = Build("spark", spark_env, spark_root / "target")
    spark.run(str(BIN / "cxm"), "load", "--data-dir", str(raw))
    spark.run(
        str(BIN / "cxm"),
        "import-survey",
        "--mapping",
        str(EXPORT_MAPPING),
        "--file",
        str(EXPORT_CSV),
        "--loaded-at",
        EXPORT_LOADED_AT,
    )
    spark.dbt_build()
    yield Engines(duck, spark, db_path, spark_env)


def _marts(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Enabled table models under models/marts, by name."""
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
        and node["config"].get("materialized") in ("table", "incremental")
    }


def _keys(manifest: dict[str, Any], model_id: str) -> list[str]:
    """The mart's key columns, from its unique or cx_unique_combination data test."""
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or node.get("attached_node") != model_id:
            continue
        meta = node.get("test_metadata") or {}
        kwargs = meta.get("kwargs") or {}
        if meta.get("name") == "cx_unique_combination":
            return list(kwargs["combination_of_columns"])
        if meta.get("name") == "unique" and kwargs.get("column_name"):
            return [kwargs["column_name"]]
    return []


def _duckdb_rows(db_path: Path, relation: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        cur = con.execute(f"select * from {relation}")
        columns = [d[0] for d in cur.description]
        return columns, cur.fetchall()
    finally:
        con.close()


def _spark_tables(env: dict[str, str], relations: list[str]) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every relation's columns and rows, read through one Spark session on the build's metastore.
    Timestamps come back as timestamp_ntz (UTC wall time) so Python does not shift them."""
    from pyspark.sql.types import TimestampType

    from cxm.spark import spark_conf, spark_session

    out: dict[str, tuple[list[str], list[tuple]]] = {}
    with spark_session(spark_conf(REPO, "spark", env)) as spark:
        for relation in relations:
            df = spark.table(relation)
            select = [
                f"cast(`{f.name}` as timestamp_ntz) as `{f.name}`"
                if isinstance(f.dataType, TimestampType)
                else f"`{f.name}`"
                for f in df.schema.fields
            ]
            rows = df.selectExpr(*select).collect()
            out[relation] = ([f.name for f in df.schema.fields], [tuple(r) for r in rows])
    return out


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _relative_difference(a: float, b: float) -> float:
    """|a - b| relative to the larger, for values away from 0 (near 0 the absolute tolerance rules)."""
    if a == b or max(abs(a), abs(b)) < ABS_TOL:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def _json_value(value: Any) -> Any:
    """A JSON value of a raw row, normalised: timestamps as datetimes, numbers as floats."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("T", " ").removesuffix("Z"))
        except ValueError:
            return value
    if _is_number(value):
        return float(value)
    return value


def _same_json(a: str | None, b: str | None) -> bool:
    """Raw rows as JSON: DuckDB and Spark format timestamps (and leave out nulls) differently."""
    if a is None or b is None:
        return a is b
    left = {k: _json_value(v) for k, v in json.loads(a).items() if v is not None}
    right = {k: _json_value(v) for k, v in json.loads(b).items() if v is not None}
    return left == right


@dataclass
class Comparison:
    mart: str
    rows: int
    max_relative_difference: float
    max_absolute_difference: float
    problems: list[str]


def _compare(
    mart: str,
    keys: list[str],
    duck: tuple[list[str], list[tuple]],
    spark: tuple[list[str], list[tuple]],
) -> Comparison:
    problems: list[str] = []
    duck_columns, duck_rows = duck
    spark_columns, spark_rows = spark
    if duck_columns != spark_columns:
        problems.append(f"columns differ: duckdb {duck_columns} vs spark {spark_columns}")
        return Comparison(mart, len(duck_rows), math.nan, math.nan, problems)
    if len(duck_rows) != len(spark_rows):
        problems.append(f"row count: duckdb {len(duck_rows)} vs spark {len(spark_rows)}")
    key_index = [duck_columns.index(k) for k in keys]

    def by_key(rows: list[tuple]) -> dict[tuple, tuple]:
        return {tuple(row[i] for i in key_index): row for row in rows}

    duck_by_key, spark_by_key = by_key(duck_rows), by_key(spark_rows)
    only_duck = sorted(map(str, duck_by_key.keys() - spark_by_key.keys()))
    only_spark = sorted(map(str, spark_by_key.keys() - duck_by_key.keys()))
    if only_duck or only_spark:
        problems.append(
            f"keys only on duckdb: {len(only_duck)} {only_duck[:5]}; "
            f"only on spark: {len(only_spark)} {only_spark[:5]}"
        )
    json_columns = JSON_COLUMNS.get(mart, set())
    worst = worst_abs = 0.0
    for key in sorted(duck_by_key.keys() & spark_by_key.keys(), key=str):
        for column, a, b in zip(duck_columns, duck_by_key[key], spark_by_key[key], strict=True):
            if column in json_columns:
                same = _same_json(a, b)
            elif a is None or b is None:
                same = a is None and b is None
            elif _is_number(a) and _is_number(b):
                same = math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL)
                worst = max(worst, _relative_difference(float(a), float(b)))
                worst_abs = max(worst_abs, abs(float(a) - float(b)))
            else:
                same = a == b
            if not same and len(problems) < 20:
                problems.append(f"{key} {column}: duckdb {a!r} vs spark {b!r}")
    return Comparison(mart, len(duck_rows), worst, worst_abs, problems)


def test_every_mart_is_built_on_both_engines_or_listed(engines: Engines) -> None:
    duck_marts = set(_marts(engines.duckdb.manifest))
    spark_marts = set(_marts(engines.spark.manifest))
    assert spark_marts - duck_marts == set()
    assert duck_marts - spark_marts == set(DISABLED_ON_SPARK), (
        "marts missing on Spark must be listed in DISABLED_ON_SPARK with the reason"
    )


def test_spark_build_ran_models_seeds_data_tests_and_unit_tests(engines: Engines) -> None:
    results = json.loads((engines.spark.target_path / "run_results.json").read_text())["results"]
    kinds: dict[str, int] = {}
    for result in results:
        kind = result["unique_id"].split(".")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        assert result["status"] in {"success", "pass", "warn", "no-op"}, (
            result["unique_id"],
            result["status"],
            result.get("message"),
        )
    print(f"\nspark dbt build: {engines.spark.seconds:.0f}s, {kinds}")
    print(f"duckdb dbt build: {engines.duckdb.seconds:.0f}s")
    for kind in ("model", "seed", "test", "unit_test"):
        assert kinds.get(kind, 0) > 0, f"no {kind} ran on Spark"


def test_every_mart_is_equal_on_duckdb_and_spark(engines: Engines) -> None:
    marts = _marts(engines.duckdb.manifest)
    compared = sorted(set(marts) - set(DISABLED_ON_SPARK))
    relations = {name: f"{marts[name]['schema']}.{marts[name]['alias']}" for name in compared}
    spark_tables = _spark_tables(engines.spark_env, list(relations.values()))
    results = []
    for name in compared:
        keys = _keys(engines.duckdb.manifest, marts[name]["unique_id"])
        assert keys, f"{name} has no unique / cx_unique_combination test to give its key"
        duck = _duckdb_rows(engines.db_path, relations[name])
        results.append(_compare(name, keys, duck, spark_tables[relations[name]]))
    print(f"\n{'mart':<42} {'rows':>7} {'max rel diff':>13} {'max abs diff':>13}")
    for r in results:
        rel, absolute = r.max_relative_difference, r.max_absolute_difference
        print(f"{r.mart:<42} {r.rows:>7} {rel:>13.2e} {absolute:>13.2e}")
    kpi_marts = [n for n in compared if marts[n]["original_file_path"].startswith("models/marts/kpis/")]
    assert len(kpi_marts) >= 15, kpi_marts
    assert all(r.rows > 0 for r in results if r.mart in kpi_marts), "a KPI mart is empty: nothing compared"
    failures = {r.mart: r.problems for r in results if r.problems}
    assert failures == {}
