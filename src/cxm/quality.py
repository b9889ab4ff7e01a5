"""Data-quality expectations (Great Expectations) on the raw landing data and the KPI marts.

dbt's tests guard the models row by row (keys, relationships, invariants of each mart); these
suites watch what dbt cannot see well: the shape and volume of what the loaders landed
(schema drift, a sudden drop in rows, a jump in duplicates or unusable values beyond the
usual mess) and the published marts as a whole (value ranges, no missing periods).

Great Expectations reads DuckDB through SQLAlchemy but returns no rows for dialects whose
connection it does not keep open (great_expectations issues #10738 and #11579), so the
tables are read with DuckDB itself (only the columns an expectation needs) and validated as
pandas DataFrames through GX's public pandas data source.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import shutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from cxm.load import LoadError
from cxm.warehouse import connect_read_only

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TQDM_DISABLE", "1")  # GX's per-expectation progress bars

REPO = Path(__file__).resolve().parents[2]

# Validity expectations on raw tables: the usual mess is tolerated (mostly=...), a jump is not.
RAW_RULES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "surveys.responses": [
        ("ExpectColumnValuesToMatchRegex", {"column": "score", "regex": r"^\s*\d{1,2}\s*$", "mostly": 0.97}),
        (
            "ExpectColumnValuesToMatchRegex",
            {"column": "submitted_at", "regex": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}", "mostly": 0.98},
        ),
        (
            "ExpectColumnValuesToBeInSet",
            {"column": "question_id", "value_set": ["nps_0_10", "csat_1_5", "ces_1_7"]},
        ),
    ],
    "shop.orders": [("ExpectColumnValuesToBeBetween", {"column": "total_amount", "min_value": 0})],
    "shop.order_items": [
        ("ExpectColumnValuesToBeBetween", {"column": "quantity", "min_value": 1, "max_value": 1000})
    ],
    "helpdesk.ticket_events": [
        (
            "ExpectColumnValuesToBeInSet",
            {"column": "event_type", "value_set": ["message_in", "message_out", "transfer", "status_change"]},
        ),
    ],
    "hr.pulse_responses": [
        (
            "ExpectColumnValuesToBeBetween",
            {"column": "enps_score", "min_value": 0, "max_value": 10, "mostly": 0.99},
        )
    ],
}
# Record key of each raw table whose key is not `id`.
RAW_KEYS = {"survey_export.responses": "response_key", "referrals.codes": "code"}
# At most 5% of a raw table's rows may share their key with another row (a key delivered
# twice counts both rows, so this allows ~2.5% repeated deliveries).
DUPLICATE_TOLERANCE = 0.95
VOLUME_DROP = 0.5  # a load with less than half the previous load's rows fails
# Counts and rates only, never sampled values (README.md#security-and-pii).
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 0}


@dataclass
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    failed: list[str] = field(default_factory=list)


@dataclass
class QualityReport:
    suites: list[SuiteResult]
    docs_index: str | None

    @property
    def success(self) -> bool:
        return all(s.success for s in self.suites)

    @property
    def expectations(self) -> int:
        return sum(s.evaluated for s in self.suites)


def _gx() -> Any:
    """Great Expectations, imported without PySpark's pandas-3 warning: GX imports PySpark when it
    is installed (it is, for the Spark engine), and GX's Spark data sources are not used here."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
        )
        import great_expectations

    return great_expectations


def _source_tables() -> dict[str, dict[str, Any]]:
    """'<source>.<table>' -> {'relation', 'columns', 'key'}, read from the dbt sources YAML."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((REPO / "models" / "staging").glob("*/_*__sources.yml")):
        doc = yaml.safe_load(path.read_text()) or {}
        for src in doc.get("sources", []):
            for tbl in src.get("tables", []):
                name = f"{src['name']}.{tbl['name']}"
                out[name] = {
                    "relation": f"raw_{name}",
                    "columns": [c["name"] for c in tbl.get("columns", [])],
                    "key": RAW_KEYS.get(name, "id"),
                }
    return out


def _gx_context(root: Path) -> Any:
    gx = _gx()

    ctx = gx.get_context(mode="file", project_root_dir=str(root))
    with contextlib.suppress(Exception):  # progress bars are cosmetic
        ctx.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return ctx


def _expectation(name: str, kwargs: dict[str, Any]) -> Any:
    gx = _gx()

    return getattr(gx.expectations, name)(**kwargs)


def _validate(ctx: Any, name: str, df: pd.DataFrame, expectations: list[Any]) -> SuiteResult:
    gx = _gx()

    source = ctx.data_sources.add_or_update_pandas("cx_metrics")
    batch = source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe("whole")
    suite = ctx.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
    # No sampled values in results: Data Docs write them into HTML unescaped, and a raw table's
    # values may be personal data or markup (DECISIONLOG.md#data-quality-split). The rates stay.
    result = vd.run(batch_parameters={"dataframe": df}, result_format=RESULT_FORMAT)
    failed = []
    for r in result.results:
        if not r.success:
            cfg = r.expectation_config
            col = cfg.kwargs.get("column", "")
            detail = r.result.get("unexpected_percent") if r.result else None
            observed = r.result.get("observed_value") if r.result else None
            extra = f"{detail:.2f}% unexpected" if detail is not None else f"observed {observed}"
            failed.append(f"{cfg.type}({col}): {extra}")
    return SuiteResult(name, bool(result.success), len(result.results), failed)


def _missing_months(df: pd.DataFrame, time_col: str, keys: list[str]) -> pd.DataFrame:
    """Per series: how many months between its first and last month have no row."""
    months = pd.to_datetime(df[time_col]).dt.to_period("M")
    g = df.assign(_m=months).groupby(keys)["_m"]
    span = (g.max() - g.min()).apply(lambda x: x.n) + 1
    present = g.nunique()
    return (span - present).rename("missing_months").reset_index()


# Ranges of the KPI marts' columns, by column name: (which columns, the range they must lie in).
MART_RANGES: list[tuple[Callable[[str], bool], dict[str, Any]]] = [
    (
        lambda c: c.endswith(("_share", "_rate")) or c in ("share_of_previous", "share_of_start"),
        {"min_value": 0, "max_value": 1},
    ),
    (lambda c: c in ("nps", "enps"), {"min_value": -100, "max_value": 100}),
    (lambda c: c == "sentiment_score_mean", {"min_value": -1, "max_value": 1}),
    (
        lambda c: c in ("answers", "invitations", "tickets", "customers", "journeys", "sessions", "texts"),
        {"min_value": 0},
    ),
]
# The keys of a monthly mart's series: no month may be missing inside one.
MART_SERIES_KEYS = ("kpi_partition", "segment_name", "segment_value")


def _raw_min_rows(table: str, previous: int | None) -> int:
    """A table may shrink by at most VOLUME_DROP from the last run; a survey export may be empty."""
    if previous:
        return max(1, int(previous * VOLUME_DROP))
    return 0 if table.startswith("survey_export") else 1


def _check_raw_table(
    ctx: Any, con: duckdb.DuckDBPyConnection, table: str, spec: dict[str, Any], previous: int | None
) -> tuple[list[SuiteResult], int]:
    """The schema, volume, duplicate and validity suites of one landed table, and its row count."""
    rel = spec["relation"]
    actual_cols = [r[0] for r in con.execute(f"describe {rel}").fetchall()]
    rules = RAW_RULES.get(table, [])
    needed = {spec["key"], *(kw["column"] for _, kw in rules)} & set(actual_cols)
    df = con.execute(f"select {', '.join(sorted(needed))} from {rel}").df() if needed else pd.DataFrame()
    n = len(df) if needed else int(con.execute(f"select count(*) from {rel}").fetchone()[0])  # type: ignore[index]
    # the schema check needs the columns, not the rows
    schema = _validate(
        ctx,
        f"raw.{table}.schema",
        # a landed column's name comes from an export's header: it reaches the Data Docs escaped
        pd.DataFrame(columns=[html.escape(c) for c in actual_cols]),
        [_expectation("ExpectTableColumnsToMatchSet", {"column_set": spec["columns"], "exact_match": True})],
    )
    expectations = [_expectation(name, kw) for name, kw in rules if kw["column"] in df.columns]
    expectations.append(
        _expectation("ExpectTableRowCountToBeBetween", {"min_value": _raw_min_rows(table, previous)})
    )
    if spec["key"] in df.columns and n > 0:
        expectations.append(
            _expectation(
                "ExpectColumnValuesToBeUnique", {"column": spec["key"], "mostly": DUPLICATE_TOLERANCE}
            )
        )
    return [schema, _validate(ctx, f"raw.{table}", df, expectations)], n


def _check_mart(ctx: Any, con: duckdb.DuckDBPyConnection, table: str) -> list[SuiteResult]:
    """A KPI mart's suites: not empty, every column in its range (MART_RANGES), no missing month."""
    df = con.execute(f"select * from marts.{table}").df()
    exps: list[Any] = [_expectation("ExpectTableRowCountToBeBetween", {"min_value": 1})]
    for col in df.columns:
        exps += [
            _expectation("ExpectColumnValuesToBeBetween", {"column": col, **bounds})
            for applies, bounds in MART_RANGES
            if applies(col)
        ]
    results = [_validate(ctx, f"mart.{table}", df, exps)]
    if "kpi_month" in df.columns and "segment_name" in df.columns:
        gaps = _missing_months(df, "kpi_month", [c for c in MART_SERIES_KEYS if c in df.columns])
        no_gap = {"column": "missing_months", "min_value": 0, "max_value": 0}
        results.append(
            _validate(
                ctx, f"mart.{table}.periods", gaps, [_expectation("ExpectColumnValuesToBeBetween", no_gap)]
            )
        )
    return results


def run_quality(db_path: Path, out_dir: Path, progress: Callable[[str], None] | None = None) -> QualityReport:
    """Validate raw tables and KPI marts; build Data Docs under out_dir."""
    say = progress or (lambda _msg: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    history_path = out_dir / "volume_history.json"
    history: dict[str, int] = json.loads(history_path.read_text()) if history_path.exists() else {}
    # Suites are defined in code: start from a clean GX project each run (Data Docs included).
    shutil.rmtree(out_dir / "gx", ignore_errors=True)
    ctx = _gx_context(out_dir)
    results: list[SuiteResult] = []
    counts: dict[str, int] = {}
    con = connect_read_only(db_path)
    try:
        kpi_tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_name like 'kpi_%' order by 1"
            ).fetchall()
        ]
        if not kpi_tables:  # checked first: a warehouse without marts is an error, not "0 failed"
            raise LoadError(f"no KPI marts (marts.kpi_*) in {db_path}: run dbt build before cxm quality")
        for table, spec in _source_tables().items():
            checked, counts[table] = _check_raw_table(ctx, con, table, spec, history.get(table))
            results += checked
            status = "ok" if all(r.success for r in checked) else "FAILED"
            say(f"raw.{table}: {status} ({counts[table]:,} rows)")
        for table in kpi_tables:
            checked = _check_mart(ctx, con, table)
            results += checked
            say(f"mart.{table}: {'ok' if all(r.success for r in checked) else 'FAILED'}")
    finally:
        con.close()
    docs = ctx.build_data_docs()
    history_path.write_text(json.dumps({**history, **counts}, indent=2, sort_keys=True))
    return QualityReport(results, next(iter(docs.values()), None) if docs else None)


def print_report(report: QualityReport) -> None:
    failed = [s for s in report.suites if not s.success]
    print(
        f"data quality: {len(report.suites)} suites, {report.expectations} expectations, "
        f"{len(failed)} suites failed"
    )
    for s in failed:
        for f in s.failed:
            print(f"  FAILED {s.suite}: {f}")
    if report.docs_index:
        print(f"  Data Docs: {report.docs_index}")
