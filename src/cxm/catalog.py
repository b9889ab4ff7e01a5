"""A metric catalogue for auditors, generated from dbt's artifacts and the warehouse (never by hand).

One page per KPI (a KPI may have several marts, e.g. journey completion and its funnel): the
definition and formula of every metric it reconciles with, owner, unit and direction, valid
dimensions and grains, targets matched per metric and segment (seeds/kpi_targets.csv), a chart
of the last 24 months of the `all` segment with its 95% interval and target band, column-level
lineage down to the raw source columns that feed it, the tests that guard it with the status
they had in the last `dbt build`, its decision-log entries and the git history of its
definition. Written as static HTML (Jinja2 templates, no network) under target/metric_catalog.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GRAINS = ("day", "week", "month", "quarter", "year")
# run_results.json of the last `dbt build`, copied before `dbt docs generate` overwrites it
BUILD_RESULTS = "build_run_results.json"
# worst first: the index shows the worst status among a KPI's tests
STATUS_ORDER = ("fail", "error", "warn", "skipped", "not run", "pass", "success")


@dataclass
class Artifacts:
    manifest: dict[str, Any]
    semantic: dict[str, Any]
    run_results: dict[str, Any] | None

    @classmethod
    def load(cls, target: Path, run_results: Path | None = None) -> Artifacts:
        def read(path: Path) -> dict[str, Any] | None:
            return json.loads(path.read_text()) if path.exists() else None

        manifest = read(target / "manifest.json")
        semantic = read(target / "semantic_manifest.json")
        if manifest is None or semantic is None:
            raise FileNotFoundError(
                f"dbt artifacts missing in {target}: run `dbt build` (or `dbt parse`) first"
            )
        results = read(run_results) if run_results else build_results(target)
        return cls(manifest, semantic, results)


def build_results(target: Path) -> dict[str, Any] | None:
    """The run results of the last `dbt build` (or `dbt test`): the saved copy or run_results.json.

    `dbt docs generate` overwrites run_results.json with results that hold no test statuses,
    so `make demo` copies the build's file to build_run_results.json first; the newer of the
    two files that really come from a build or test run wins.
    """
    found: list[dict[str, Any]] = []
    for name in (BUILD_RESULTS, "run_results.json"):
        path = target / name
        if path.exists():
            data = json.loads(path.read_text())
            if (data.get("args") or {}).get("which") in ("build", "test"):
                found.append(data)
    if not found:
        return None
    return max(found, key=lambda d: (d.get("metadata") or {}).get("generated_at", ""))


def keep_build_results(target: Path) -> Path | None:
    """Copy run_results.json to build_run_results.json when it comes from a build or test run."""
    path = target / "run_results.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    if (data.get("args") or {}).get("which") not in ("build", "test"):
        return None
    kept = target / BUILD_RESULTS
    kept.write_text(path.read_text())
    return kept


def decision_log(path: Path) -> dict[str, str]:
    """anchor -> markdown text of that DECISIONLOG.md section (## heading, first word = anchor)."""
    if not path.exists():
        return {}
    sections: dict[str, str] = {}
    current: str | None = None
    for line in path.read_text().splitlines():
        m = re.match(r"^## (\S+)", line)
        if m:
            current = m.group(1)
            sections[current] = ""
        elif current:
            sections[current] += line + "\n"
    return {k: v.strip() for k, v in sections.items()}


def read_targets(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def formula(metric: dict[str, Any], measures: dict[str, dict[str, Any]]) -> str:
    tp = metric.get("type_params") or {}
    kind = metric.get("type")
    if kind == "simple":
        name = (tp.get("measure") or {}).get("name")
        m = measures.get(name or "", {})
        return f"{m.get('agg', '?')}({m.get('expr') or name}) over {m.get('_model', '?')}"
    if kind == "ratio":

        def part(p: dict[str, Any]) -> str:
            where = p.get("filter")
            text = p.get("name", "?")
            if where:
                wheres = where.get("where_filters", []) if isinstance(where, dict) else []
                conds = " and ".join(w.get("where_sql_template", "") for w in wheres)
                text += f" [where {conds}]"
            return text

        return f"{part(tp.get('numerator') or {})} / {part(tp.get('denominator') or {})}"
    if kind == "derived":
        return f"{tp.get('expr')} with " + ", ".join(m.get("name", "?") for m in tp.get("metrics", []))
    return json.dumps(tp)


def upstream(manifest: dict[str, Any], start: str) -> list[str]:
    seen: list[str] = []
    stack = [start]
    while stack:
        node_id = stack.pop()
        node = manifest["nodes"].get(node_id) or manifest["sources"].get(node_id)
        if node is None:
            continue
        for parent in node.get("depends_on", {}).get("nodes", []):
            if parent not in seen:
                seen.append(parent)
                stack.append(parent)
    return seen


@dataclass
class TestStatus:
    unique_id: str
    name: str
    resource_type: str
    status: str
    failures: int | None = None
    message: str = ""


def test_statuses(
    manifest: dict[str, Any], results: dict[str, Any] | None, guarded: set[str]
) -> list[TestStatus]:
    """Data and unit tests on the guarded nodes, with their status in the build's run results."""
    by_id = {r["unique_id"]: r for r in (results or {}).get("results", [])}
    names = {n.split(".")[-1] for n in guarded}
    tests = [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test" and set(n.get("depends_on", {}).get("nodes", [])) & guarded
    ]
    tests += [n for n in manifest.get("unit_tests", {}).values() if n.get("model") in names]
    out: list[TestStatus] = []
    for n in sorted(tests, key=lambda n: (n["resource_type"], n["name"])):
        r = by_id.get(n["unique_id"])
        out.append(
            TestStatus(
                n["unique_id"],
                n["name"],
                n["resource_type"],
                str(r["status"]) if r else "not run",
                r.get("failures") if r else None,
                str((r or {}).get("message") or ""),
            )
        )
    return out


def worst(tests: list[TestStatus]) -> str:
    """The worst status among the tests ("none" without tests)."""
    if not tests:
        return "none"
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return min(tests, key=lambda t: rank.get(t.status, 0)).status.replace(" ", "-")


def worst_status(tests: list[TestStatus]) -> str:
    """One line for the index: the worst status and how many tests have it."""
    if not tests:
        return "no tests"
    worst_one = worst(tests).replace("-", " ")
    n = sum(t.status == worst_one for t in tests)
    if worst_one in ("pass", "success"):
        return f"all {len(tests)} pass"
    rows = sum(t.failures or 0 for t in tests if t.status == worst_one)
    extra = f" ({rows} failing rows)" if rows else ""
    return f"{n} of {len(tests)} {worst_one}{extra}"


@dataclass
class MetricEntry:
    """One semantic-layer metric a KPI mart reconciles with, and how to read it from the mart."""

    name: str
    mart: str
    reconcile: dict[str, Any]
    definition: dict[str, Any]
    formula: str
    measures: list[dict[str, Any]]
    dimensions: list[str]
    targets: list[dict[str, str]]
    series: list[dict[str, Any]] = field(default_factory=list)
    latest: dict[str, Any] | None = None
    target_status: str = "no target"
    chart_svg: str = ""
    problem: str = ""


def target_status(value: float | None, targets: list[dict[str, str]]) -> str:
    """below / within / above the metric's `all` range, as the marts compute it."""
    overall = [t for t in targets if t.get("segment_name") == "all" and t.get("segment_value") == "all"]
    if not overall:
        return "no target"
    if value is None:
        return "no value"
    low, high = float(overall[0]["lower_bound"]), float(overall[0]["upper_bound"])
    return "below" if value < low else "above" if value > high else "within"


def default_database() -> Path:
    return Path(os.environ.get("CXM_DUCKDB_PATH", "target/cx_metrics.duckdb"))


def build_catalog(
    target: Path,
    repo: Path,
    out_dir: Path | None = None,
    database: Path | None = None,
    run_results: Path | None = None,
    quality_dir: Path | None = None,
) -> Path:
    """Write the catalogue; returns the path of its index page."""
    from cxm.catalog_pages import add_quality, collect, write_pages
    from cxm.catalog_quality import read_results

    art = Artifacts.load(target, run_results)
    kpis = collect(art, repo, database or default_database())
    quality_dir = quality_dir or target / "data_quality"
    quality = read_results(quality_dir) if quality_dir.exists() else None
    add_quality(kpis, quality or [])
    return write_pages(kpis, out_dir or target / "metric_catalog", art, quality)
