"""`cxm diff --base <git ref>`: what a definition change does to the published KPI figures.

Finds the KPIs whose definition files (catalogue history: mart SQL/YAML/docs, metric YAML, the
models and macros they are defined with, dbt_project.yml vars) or target-seed rows differ
between the base ref and HEAD; exports both trees with `git archive`; builds those KPI marts
and everything upstream of them in each tree, each on its own copy of the same warehouse (the
same raw data); and compares the marts row by row on their key (month, partition, segment...):
every figure that moved, per month and segment, by how much (DECISIONLOG.md#catalogue-diff).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from cxm.catalog_history import TARGETS_SEED, definition_files
from cxm.catalog_mart import COLUMN_ALIASES, resolve
from cxm.catalog_pages import kpi_marts
from cxm.warehouse import sql_string_literal

TOLERANCE = 1e-9


@dataclass
class Moved:
    mart: str
    key: dict[str, Any]
    column: str
    base: Any
    head: Any

    @property
    def change(self) -> float | None:
        if isinstance(self.base, int | float) and isinstance(self.head, int | float):
            return float(self.head) - float(self.base)
        return None


@dataclass
class DiffReport:
    base: str
    head: str
    changed_files: list[str]
    kpis: list[str] = field(default_factory=list)
    marts: dict[str, dict[str, int]] = field(default_factory=dict)
    moved: list[Moved] = field(default_factory=list)


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout


def _export(repo: Path, ref: str, dest: Path) -> None:
    dest.mkdir(parents=True)
    archive = dest.parent / f"{dest.name}.tar"
    subprocess.run(["git", "-C", str(repo), "archive", "-o", str(archive), ref], check=True, timeout=300)
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    archive.unlink()


def _dbt(project: Path, database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        {
            "DBT_PROJECT_DIR": str(project),
            # profiles.yml sits in the project root; older refs kept it in profiles/
            "DBT_PROFILES_DIR": str(
                project / "profiles" if (project / "profiles" / "profiles.yml").exists() else project
            ),
            "DBT_TARGET_PATH": str(project / "target"),
            "DBT_LOG_PATH": str(project / "logs"),
            "CXM_DUCKDB_PATH": str(database),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DO_NOT_TRACK": "1",
        }
    )
    dbt = Path(sys.executable).parent / "dbt"
    return subprocess.run(
        [str(dbt), *args], cwd=project, env=env, capture_output=True, text=True, timeout=3600
    )


def changed_kpis(
    manifest: dict[str, Any], repo: Path, base: str, changed: list[str], head: str = "HEAD"
) -> dict[str, list[str]]:
    """KPI -> its mart names, for the KPIs whose definition or target rows changed since base."""
    out: dict[str, list[str]] = {}
    seed_diff = _git(repo, "diff", "-U0", base, head, "--", TARGETS_SEED) if TARGETS_SEED in changed else ""
    seed_lines = [ln[1:] for ln in seed_diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
    for kpi, marts in kpi_marts(manifest).items():
        metrics = [
            r["metric"]
            for m in marts
            for r in (m.get("config", {}).get("meta", {}) or {}).get("reconcile") or []
        ]
        files = definition_files(manifest, marts, metrics)
        touched = "dbt_project.yml" in changed or any(
            c == f or c.startswith(f.rstrip("/") + "/") for c in changed for f in files
        )
        touched |= any(line.split(",", 1)[0] in metrics for line in seed_lines)
        if touched:
            out[kpi] = [m["name"] for m in marts]
    return out


def _build(project: Path, database: Path, source_db: Path, marts: list[str]) -> None:
    shutil.copy(source_db, database)
    for args in (
        ("seed", "--full-refresh"),
        ("run", "--full-refresh", "--select", *[f"+{m}" for m in marts]),
    ):
        proc = _dbt(project, database, *args)
        if proc.returncode != 0:
            raise RuntimeError(f"dbt {' '.join(args)} in {project} failed:\n{proc.stdout[-4000:]}")


def _canonical(name: str) -> str:
    for canonical, names in COLUMN_ALIASES.items():
        if name in names:
            return canonical
    return name


def _mart_spec(manifest: dict[str, Any], mart: str) -> tuple[list[str], list[str]]:
    """(key columns, figure columns) of a mart, canonical names: the key of its unique-combination
    test; the figures its metrics are read from (value and sample columns)."""
    key: list[str] = []
    for n in manifest["nodes"].values():
        meta = n.get("test_metadata") or {}
        if meta.get("name") == "cx_unique_combination" and n.get("attached_node", "").endswith(f".{mart}"):
            key = list(meta.get("kwargs", {}).get("combination_of_columns") or [])
    node = next(
        n for n in manifest["nodes"].values() if n.get("name") == mart and n["resource_type"] == "model"
    )
    recon = (node.get("config", {}).get("meta", {}) or {}).get("reconcile") or []
    figures = [c for r in recon for c in (r.get("value_column"), r.get("sample_column")) if c]
    figures += ["target_lower_bound", "target_upper_bound", "target_status"]
    return [_canonical(k) for k in key], [_canonical(c) for c in dict.fromkeys(figures)]


def compare_mart(
    con: duckdb.DuckDBPyConnection, mart: str, key: list[str], figures: list[str]
) -> tuple[dict[str, int], list[Moved]]:
    """Row-by-row comparison of base.<mart> and head.<mart> (attached databases) on the key."""
    sides = {}
    for side in ("base", "head"):
        row = con.execute(
            "select table_schema from information_schema.tables where table_catalog = ? and table_name = ?",
            [side, mart],
        ).fetchone()
        if row is None:
            return {"base_rows" if side == "base" else "head_rows": 0}, []
        cols = _columns(con, side, row[0], mart)
        sides[side] = (f'{side}."{row[0]}"."{mart}"', {c: resolve(cols, c) or c for c in key + figures}, cols)
    (b_rel, b_map, b_cols), (h_rel, h_map, h_cols) = sides["base"], sides["head"]
    figures = [f for f in figures if b_map[f] in b_cols and h_map[f] in h_cols]
    on = " and ".join(f'b."{b_map[k]}" is not distinct from h."{h_map[k]}"' for k in key)
    select = [f'coalesce(b."{b_map[k]}", h."{h_map[k]}") as "{k}"' for k in key]
    select += [f'b."{b_map[f]}" as "base__{f}", h."{h_map[f]}" as "head__{f}"' for f in figures]
    sql = f"select {', '.join(select)} from {b_rel} as b full outer join {h_rel} as h on {on}"
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    moved: list[Moved] = []
    counts = {"rows_compared": 0, "rows_moved": 0}
    for values in cur.fetchall():
        rec = dict(zip(names, values, strict=True))
        counts["rows_compared"] += 1
        cells = [
            Moved(mart, {k: rec[k] for k in key}, f, rec[f"base__{f}"], rec[f"head__{f}"]) for f in figures
        ]
        cells = [c for c in cells if _differs(c.base, c.head)]
        counts["rows_moved"] += bool(cells)
        moved += cells
    return counts, moved


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def _differs(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) > TOLERANCE * max(1.0, abs(float(a)))
    return a != b


def run_diff(
    repo: Path,
    base: str,
    database: Path,
    work: Path | None = None,
    progress: Callable[[str], None] = print,
    head: str = "HEAD",
) -> DiffReport:
    """Build the KPIs whose definitions changed between base and head (default HEAD) on the same
    data and compare them."""
    base_sha = _git(repo, "rev-parse", base).strip()
    head_sha = _git(repo, "rev-parse", head).strip()
    changed = _git(repo, "diff", "--name-only", base_sha, head_sha).split()
    report = DiffReport(base_sha, head_sha, changed)
    if not changed:
        return report
    work = work or Path(tempfile.mkdtemp(prefix="cxm-diff-"))
    trees = {side: work / side for side in ("base", "head")}
    for side, sha in (("base", base_sha), ("head", head_sha)):
        _export(repo, sha, trees[side])
    parsed = _dbt(trees["head"], work / "parse.duckdb", "parse")
    if parsed.returncode != 0:
        raise RuntimeError(f"dbt parse at HEAD failed:\n{parsed.stdout[-3000:]}")
    manifest = json.loads((trees["head"] / "target" / "manifest.json").read_text())
    kpis = changed_kpis(manifest, repo, base_sha, changed, head_sha)
    report.kpis = sorted(kpis)
    marts = sorted({m for ms in kpis.values() for m in ms})
    if not marts:
        return report
    for side in ("base", "head"):
        progress(
            f"building {len(marts)} KPI marts and their upstream at {side} ({report.__dict__[side][:10]})"
        )
        _build(trees[side], work / f"{side}.duckdb", database, marts)
    con = duckdb.connect()
    try:
        for side in ("base", "head"):
            # ATTACH takes no bound parameter: the path is a string literal, quotes doubled
            con.execute(f"attach {sql_string_literal(str(work / f'{side}.duckdb'))} as {side} (read_only)")
        for mart in marts:
            key, figures = _mart_spec(manifest, mart)
            report.marts[mart], moved = compare_mart(con, mart, key, figures)
            report.moved += moved
    finally:
        con.close()
    return report


def write_csv(report: DiffReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["mart", "key", "figure", "base", "head", "change"])
        for m in report.moved:
            key = "; ".join(f"{k}={v}" for k, v in m.key.items())
            w.writerow([m.mart, key, m.column, m.base, m.head, "" if m.change is None else m.change])


def format_report(report: DiffReport, limit: int = 60) -> str:
    lines = [
        f"KPI definitions: base {report.base[:10]} -> head {report.head[:10]}",
        f"changed files: {len(report.changed_files)}; KPIs whose definition changed: "
        + (", ".join(report.kpis) or "none"),
    ]
    for mart, counts in report.marts.items():
        lines.append(f"  {mart}: {counts}")
    shown = report.moved[:limit]
    for m in shown:
        key = " ".join(str(v) for v in m.key.values())
        change = "" if m.change is None else f"{m.change:+.4f}"
        lines.append(f"  {m.mart} | {key} | {m.column}: {m.base} -> {m.head} {change}")
    if len(report.moved) > limit:
        lines.append(f"  ... {len(report.moved) - limit} more moved figures (see the CSV)")
    return "\n".join(lines)
