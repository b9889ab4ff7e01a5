"""Benchmark: what a build costs as the data grows, against the machine's floor.

For each scale: generation time; the floor (DuckDB reading every raw table once, every
column); `dbt build` wall time split into dbt's own overhead, model time and test time (from
run_results.json); one semantic-layer query per KPI family; peak memory (RSS) of every step;
the warehouse size on disk. Each timed step runs `runs` times and the median is reported.
Results print as a table and are written as JSON. No assertion on speed is made anywhere.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import yaml

from cxm.generate import RAW_TABLES
from cxm.load import load_raw

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
KPI_DIR = REPO / "models" / "marts" / "kpis"


def kpi_queries() -> dict[str, str]:
    """One metric per KPI family: the first `meta.reconcile` metric of each KPI folder's YAML.

    The KPI folders are the catalogue, so a new KPI is benchmarked without editing this file.
    """
    queries: dict[str, str] = {}
    for path in sorted(KPI_DIR.glob("*/*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            reconcile = ((model.get("config") or {}).get("meta") or {}).get("reconcile") or []
            if reconcile and path.parent.name not in queries:
                queries[path.parent.name] = reconcile[0]["metric"]
    return queries


@dataclass
class Step:
    seconds: float
    peak_rss_mb: float


@dataclass
class ScaleResult:
    scale: float
    raw_rows: int
    generate: Step
    floor_seconds: float
    build: Step
    build_overhead_seconds: float
    build_model_seconds: float
    build_test_seconds: float
    ratio_to_floor: float
    queries: dict[str, float] = field(default_factory=dict)
    warehouse_mb: float = 0.0


def _run(cmd: Sequence[str], env: dict[str, str]) -> Step:
    """Run a command; wall time and the peak RSS of that child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out.decode()[-4000:]}")
    return Step(time.perf_counter() - t0, usage.ru_maxrss / 1024)


def _floor(db: Path) -> float:
    """Seconds for DuckDB to read every raw table once, all columns (hash of every row)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        t0 = time.perf_counter()
        for source, tables in RAW_TABLES.items():
            for table in tables:
                con.execute(f"select sum(hash(t)) from raw_{source}.{table} as t").fetchall()
        return time.perf_counter() - t0
    finally:
        con.close()


def _split(run_results: Path) -> tuple[float, float, float]:
    """(dbt overhead, model seconds, test seconds) of a run: node execution times by kind."""
    data = json.loads(run_results.read_text())
    elapsed = float(data.get("elapsed_time", 0.0))
    models = sum(
        r["execution_time"] for r in data["results"] if r["unique_id"].startswith(("model.", "seed."))
    )
    tests = sum(
        r["execution_time"] for r in data["results"] if r["unique_id"].startswith(("test.", "unit_test."))
    )
    # with 2 threads node times overlap; the overhead is what the wall time does not explain
    return elapsed, models, tests


def _median_step(steps: list[Step]) -> Step:
    return Step(statistics.median(s.seconds for s in steps), max(s.peak_rss_mb for s in steps))


def run_bench(
    scales: Sequence[float],
    runs: int,
    work_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    say = progress or (lambda _m: None)
    results: list[ScaleResult] = []
    for scale in scales:
        root = work_dir / f"scale_{scale:g}"
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        db = root / "cx_metrics.duckdb"
        env = dict(os.environ)
        env.update(
            {
                "CXM_DUCKDB_PATH": str(db),
                "DBT_TARGET_PATH": str(root / "target"),
                "DBT_LOG_PATH": str(root / "logs"),
                "DBT_PROFILES_DIR": str(REPO / "profiles"),
                "DBT_PROJECT_DIR": str(REPO),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                "DO_NOT_TRACK": "1",
            }
        )
        gen_steps = []
        for _ in range(runs):
            gen_steps.append(
                _run(
                    [
                        str(BIN / "cxm"),
                        "generate",
                        "--scale",
                        str(scale),
                        "--as-of",
                        date.today().isoformat(),
                        "--out",
                        str(root / "raw"),
                    ],
                    env,
                )
            )
        say(f"scale {scale:g}: generated in {statistics.median(s.seconds for s in gen_steps):.1f}s")
        counts = load_raw(root / "raw", db)
        floors = [_floor(db) for _ in range(runs)]
        builds, splits = [], []
        for i in range(runs):
            if i:  # each build starts from the raw tables only
                db.unlink()
                load_raw(root / "raw", db)
            builds.append(_run([str(BIN / "dbt"), "build", "--quiet"], env))
            splits.append(_split(root / "target" / "run_results.json"))
            say(f"scale {scale:g}: dbt build run {i + 1}/{runs}: {builds[-1].seconds:.1f}s")
        build = _median_step(builds)
        elapsed = statistics.median(s[0] for s in splits)
        models = statistics.median(s[1] for s in splits)
        tests = statistics.median(s[2] for s in splits)
        queries: dict[str, float] = {}
        manifest = json.loads((root / "target" / "semantic_manifest.json").read_text())
        known = {m["name"] for m in manifest.get("metrics", [])}
        from cxm.semantic import SemanticLayer

        sl = SemanticLayer(root / "target" / "semantic_manifest.json", db)
        try:
            for family, metric in kpi_queries().items():
                if metric not in known:
                    say(f"scale {scale:g}: metric {metric} ({family}) is not in the semantic manifest")
                    continue
                times = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    sl.query([metric], ["metric_time__month"])
                    times.append(time.perf_counter() - t0)
                queries[family] = statistics.median(times)
        finally:
            sl.close()
        floor = statistics.median(floors)
        results.append(
            ScaleResult(
                scale=scale,
                raw_rows=sum(counts.values()),
                generate=_median_step(gen_steps),
                floor_seconds=floor,
                build=build,
                build_overhead_seconds=max(0.0, build.seconds - elapsed),
                build_model_seconds=models,
                build_test_seconds=tests,
                ratio_to_floor=build.seconds / floor if floor else float("nan"),
                queries=queries,
                warehouse_mb=db.stat().st_size / 1e6,
            )
        )
    return {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
        },
        "runs_per_step": runs,
        "results": [asdict(r) for r in results],
    }


def format_table(report: dict[str, Any]) -> str:
    head = (
        f"{'scale':>6} {'raw rows':>11} {'gen s':>7} {'floor s':>8} {'build s':>8} {'x floor':>8} "
        f"{'dbt ovh s':>9} {'models s':>9} {'tests s':>8} {'peak MB':>8} {'db MB':>7}  queries s"
    )
    lines = [head, "-" * len(head)]
    for r in report["results"]:
        q = ", ".join(f"{k} {v:.2f}" for k, v in r["queries"].items())
        peak = max(r["generate"]["peak_rss_mb"], r["build"]["peak_rss_mb"])
        lines.append(
            f"{r['scale']:>6g} {r['raw_rows']:>11,} {r['generate']['seconds']:>7.1f} "
            f"{r['floor_seconds']:>8.2f} "
            f"{r['build']['seconds']:>8.1f} {r['ratio_to_floor']:>8.1f} {r['build_overhead_seconds']:>9.1f} "
            f"{r['build_model_seconds']:>9.1f} {r['build_test_seconds']:>8.1f} {peak:>8.0f} "
            f"{r['warehouse_mb']:>7.1f}  {q}"
        )
    m = report["machine"]
    lines.append(
        f"machine: {m['platform']}, {m['cpus']} CPUs, Python {m['python']}, DuckDB {m['duckdb']}; "
        f"medians of {report['runs_per_step']} runs"
    )
    return "\n".join(lines)
