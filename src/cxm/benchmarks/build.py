"""Benchmark: what a build costs as the data grows, against the machine's floor.

For each scale, `runs` times (the median is reported, memory is the maximum):
1. generate the raw data (`cxm generate`) and split it into two deliveries by landing time:
   the first ~99%, then the newest ~1% with late rows (landed before the cut, delivered
   after it) and a few re-deliveries of older rows (`cxm.batches`, as a connector lands them);
2. land the first delivery in a fresh warehouse (`cxm load`) and build its seeds and models
   (not timed: the state before the last delivery);
3. `cxm load --append` of the last delivery, then the incremental `dbt build` (the same
   command as every day; the four large staging models process only the new and late keys);
4. the floor: DuckDB reading every raw table once, every column;
5. the full `dbt build --full-refresh` of the same data, split into dbt's own overhead
   (process start, parse, compile, hooks: the wall time that node execution does not
   explain), model time and test time (summed node times from run_results.json; with 2
   threads they overlap, so they may add up to more than the wall time);
6. one semantic-layer query per KPI family.
Each step's peak memory is the RSS high-water mark of its own process. Linux counts a child's
high-water mark from the memory of the process that forked it, so every step (the batch
split, the floor, the queries and the profiles too) runs in a child and this driver stays
small; its own RSS is reported (`driver_rss_mb`) as the resolution of the memory figures.
The slowest models come from run_results.json, and DuckDB's own profiler (JSON) is run on
the slowest SQL models to show where their time goes and which tables they scan. Results
print as a table and are written as JSON. No assertion on speed is made anywhere.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import yaml

from cxm.batches import BatchPlan
from cxm.generate import RAW_TABLES
from cxm.salt import set_salt_variable
from cxm.warehouse import sql_string_literal

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
KPI_DIR = REPO / "models" / "marts" / "kpis"

# The incremental step's delivery: the newest 1% of landings, half of the rows that landed
# within 2 days before the cut arriving late with it, and 0.1% of older rows re-delivered.
APPEND_PLAN = BatchPlan(
    cut_quantiles=(0.99,), late_window_days=2.0, late_share=0.5, redelivery_share=0.001, seed=7
)


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
class Build:
    seconds: float
    peak_rss_mb: float
    overhead_seconds: float
    model_seconds: float
    test_seconds: float
    nodes: int


@dataclass
class ScaleResult:
    scale: float
    raw_rows: int  # all raw rows the full build reads (both deliveries)
    appended_rows: int  # rows of the last delivery
    generate: Step
    load: Step
    floor_seconds: float
    build: Build
    ratio_to_floor: float
    append: Step
    incremental: Build
    incremental_ratio: float
    queries: dict[str, float] = field(default_factory=dict)
    queries_peak_rss_mb: float = 0.0
    warehouse_mb: float = 0.0
    slowest_models: list[dict[str, Any]] = field(default_factory=list)
    slowest_incremental_models: list[dict[str, Any]] = field(default_factory=list)
    slowest_tests: list[dict[str, Any]] = field(default_factory=list)
    duckdb_profiles: list[dict[str, Any]] = field(default_factory=list)


def _run(cmd: Sequence[str], env: dict[str, str]) -> tuple[Step, str]:
    """Run a command; wall time, the peak RSS of that child process, and its output."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out.decode()[-4000:]}")
    return Step(time.perf_counter() - t0, usage.ru_maxrss / 1024), out.decode()


def _in_child(env: dict[str, str], call: str, *args: str) -> tuple[Step, Any]:
    """Run one of CHILD_CALLS in a child process (`python -m cxm.benchmarks.build CALL ARGS...`), so that
    its memory is its own and stays out of this driver's; its JSON result."""
    step, out = _run([sys.executable, "-m", "cxm.benchmarks.build", call, *args], env)
    return step, json.loads(out.strip().splitlines()[-1])


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


def _build(step: Step, run_results: Path) -> Build:
    """A `dbt build` step split by node kind (run_results.json)."""
    data = json.loads(run_results.read_text())
    elapsed = float(data.get("elapsed_time", 0.0))
    results = data["results"]
    models = sum(r["execution_time"] for r in results if r["unique_id"].startswith(("model.", "seed.")))
    tests = sum(r["execution_time"] for r in results if r["unique_id"].startswith(("test.", "unit_test.")))
    return Build(
        seconds=step.seconds,
        peak_rss_mb=step.peak_rss_mb,
        # what node execution does not explain: process start, imports, parse, compile, hooks
        overhead_seconds=max(0.0, step.seconds - elapsed),
        model_seconds=models,
        test_seconds=tests,
        nodes=len(results),
    )


def _median_step(steps: list[Step]) -> Step:
    return Step(statistics.median(s.seconds for s in steps), max(s.peak_rss_mb for s in steps))


def _median_build(builds: list[Build]) -> Build:
    return Build(
        seconds=statistics.median(b.seconds for b in builds),
        peak_rss_mb=max(b.peak_rss_mb for b in builds),
        overhead_seconds=statistics.median(b.overhead_seconds for b in builds),
        model_seconds=statistics.median(b.model_seconds for b in builds),
        test_seconds=statistics.median(b.test_seconds for b in builds),
        nodes=builds[-1].nodes,
    )


def _slowest(run_results: Path, manifest: Path, top: int, kind: str = "model.") -> list[dict[str, Any]]:
    """The slowest models (or tests) of a build, with their materialization and language."""
    manifest_data = json.loads(manifest.read_text())
    nodes = {**manifest_data["nodes"], **manifest_data.get("unit_tests", {})}
    rows = []
    for r in json.loads(run_results.read_text())["results"]:
        uid = r["unique_id"]
        if not uid.startswith(kind):
            continue
        node = nodes.get(uid, {})
        rows.append(
            {
                "model" if kind == "model." else "test": uid.split(".")[-1 if kind == "model." else 2],
                "seconds": round(float(r["execution_time"]), 3),
                "materialized": (node.get("config") or {}).get("materialized"),
                "language": node.get("language", "sql"),
                "compiled_code": r.get("compiled_code") or node.get("compiled_code"),
            }
        )
    rows.sort(key=lambda x: -x["seconds"])
    return rows[:top]


def _operators(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for child in node.get("children", []):
        out.append(child)
        out.extend(_operators(child))
    return out


def duckdb_profile(db: Path, sql: str) -> dict[str, Any]:
    """Run a model's compiled SQL once under DuckDB's JSON profiler (into a temp table).

    Returns the query time, its three costliest operators and how often each table is
    scanned: a large fact read twice in one model shows up here.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "profile.json"
        con = duckdb.connect(str(db))
        try:
            con.execute("set TimeZone = 'UTC'")
            set_salt_variable(con)  # the hashing models read it (src/cxm/dbt_duckdb_plugin.py)
            con.execute("pragma enable_profiling = 'json'")
            con.execute(f"pragma profiling_output = {sql_string_literal(out.as_posix())}")
            t0 = time.perf_counter()
            con.execute(f"create temp table cxm_bench_profile as {sql}")
            seconds = time.perf_counter() - t0
            con.execute("pragma disable_profiling")
        finally:
            con.close()
        profile = json.loads(out.read_text())
    ops = [op for root in profile["operator"] for op in [root, *_operators(root)]]
    scans: Counter[str] = Counter(
        str(op["extra_info"]["Table"])
        for op in ops
        if "SCAN" in op["type"] and isinstance(op.get("extra_info"), dict) and op["extra_info"].get("Table")
    )
    costly = sorted(ops, key=lambda o: -float(o["timing"]))[:3]
    return {
        "seconds": round(seconds, 3),
        "costliest_operators": [
            {
                "operator": o["type"],
                "seconds": round(float(o["timing"]), 3),
                "rows": o.get("intermediate_rows"),
            }
            for o in costly
        ],
        "table_scans": dict(scans.most_common()),
    }


def time_queries(semantic_manifest: Path, db: Path, runs: int) -> dict[str, float]:
    """Median seconds of one semantic-layer query (by month) per KPI family."""
    from cxm.semantic import SemanticLayer

    known = {m["name"] for m in json.loads(semantic_manifest.read_text()).get("metrics", [])}
    missing = {family: metric for family, metric in kpi_queries().items() if metric not in known}
    if missing:
        raise RuntimeError(f"metrics not in the semantic manifest: {missing}")
    sl = SemanticLayer(semantic_manifest, db)
    queries: dict[str, float] = {}
    try:
        for family, metric in kpi_queries().items():
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                sl.query([metric], ["metric_time__month"])
                times.append(time.perf_counter() - t0)
            queries[family] = statistics.median(times)
    finally:
        sl.close()
    return queries


def _env(root: Path, db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "CXM_DUCKDB_PATH": str(db),
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
            "DBT_PROFILES_DIR": str(REPO),
            "DBT_PROJECT_DIR": str(REPO),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DO_NOT_TRACK": "1",
        }
    )
    # generated data only: a labelled public salt unless one is set (README#security-and-pii)
    env.setdefault("CXM_PII_SALT", "cxm-public-bench-salt-not-for-production")
    return env


def _without(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in keys} for r in rows]


def run_scale(
    scale: float, runs: int, root: Path, say: Callable[[str], None], profile_top: int = 3
) -> ScaleResult:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    db = root / "cx_metrics.duckdb"
    env = _env(root, db)
    cxm, dbt = str(BIN / "cxm"), str(BIN / "dbt")
    raw, batches = root / "raw", root / "batches"
    gens, loads, floors, builds, appends, incrementals = [], [], [], [], [], []
    counts: dict[str, list[int]] = {}
    for i in range(runs):
        tag = f"scale {scale:g} run {i + 1}/{runs}"
        today = date.today().isoformat()
        step, _ = _run(
            [cxm, "generate", "--scale", str(scale), "--as-of", today, "--data-dir", str(raw)], env
        )
        gens.append(step)
        say(f"{tag}: generated in {step.seconds:.1f}s")
        shutil.rmtree(batches, ignore_errors=True)
        _, counts = _in_child(env, "split", str(raw), str(batches))
        db.unlink(missing_ok=True)
        step, _ = _run([cxm, "load", "--data-dir", str(batches / "batch_1"), "--database", str(db)], env)
        loads.append(step)
        # the state before the last delivery: models only (a partial delivery can fail the
        # relationship tests until the rest lands, DECISIONLOG.md#incremental-look-back)
        _run([dbt, "build", "--quiet", "--resource-type", "seed", "--resource-type", "model"], env)
        step, _ = _run(
            [cxm, "load", "--append", "--data-dir", str(batches / "batch_2"), "--database", str(db)], env
        )
        appends.append(step)
        step, _ = _run([dbt, "build", "--quiet"], env)
        incrementals.append(_build(step, root / "target" / "run_results.json"))
        say(f"{tag}: incremental dbt build after the last ~1% {step.seconds:.1f}s")
        shutil.copy(root / "target" / "run_results.json", root / "incremental_run_results.json")
        _, floor_seconds = _in_child(env, "floor", str(db))
        floors.append(floor_seconds)
        step, _ = _run([dbt, "build", "--quiet", "--full-refresh"], env)
        builds.append(_build(step, root / "target" / "run_results.json"))
        say(f"{tag}: full dbt build of the same data {step.seconds:.1f}s (floor {floors[-1]:.3f}s)")
    manifest = root / "target" / "manifest.json"
    step, queries = _in_child(
        env, "queries", str(root / "target" / "semantic_manifest.json"), str(db), str(runs)
    )
    say(f"scale {scale:g}: {len(queries)} semantic-layer queries, {sum(queries.values()):.2f}s in all")
    slowest = _slowest(root / "target" / "run_results.json", manifest, 10)
    # in a child too: the profiled tables would otherwise stay in this driver's peak RSS, and
    # every later step (the next scale's) would start its count from there
    to_profile = [r["model"] for r in slowest if r["language"] == "sql" and r["compiled_code"]][:profile_top]
    _, profiles = _in_child(
        env, "profile", str(db), str(root / "target" / "run_results.json"), ",".join(to_profile)
    )
    build, incremental = _median_build(builds), _median_build(incrementals)
    floor = statistics.median(floors)
    return ScaleResult(
        scale=scale,
        raw_rows=sum(sum(c) for c in counts.values()),
        appended_rows=sum(c[1] for c in counts.values()),
        generate=_median_step(gens),
        load=_median_step(loads),
        floor_seconds=floor,
        build=build,
        ratio_to_floor=build.seconds / floor if floor else float("nan"),
        append=_median_step(appends),
        incremental=incremental,
        incremental_ratio=incremental.seconds / build.seconds,
        queries=queries,
        queries_peak_rss_mb=step.peak_rss_mb,
        warehouse_mb=db.stat().st_size / 1e6,
        slowest_models=_without(slowest, "compiled_code"),
        slowest_incremental_models=_without(
            _slowest(root / "incremental_run_results.json", manifest, 5), "compiled_code"
        ),
        slowest_tests=_without(
            _slowest(root / "target" / "run_results.json", manifest, 10, kind="test."),
            "compiled_code",
            "materialized",
        ),
        duckdb_profiles=profiles,
    )


def run_bench(
    scales: Sequence[float],
    runs: int,
    work_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    say = progress or (lambda _m: None)
    results = [run_scale(scale, runs, work_dir / f"scale_{scale:g}", say) for scale in scales]
    import resource

    return {
        "machine": machine(),
        "driver_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "runs_per_step": runs,
        "results": [asdict(r) for r in results],
    }


def machine() -> dict[str, Any]:
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import dbt.version

    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt": dbt.version.__version__,
        "threads": int(os.environ.get("CXM_THREADS", "2")),
    }


def format_table(report: dict[str, Any]) -> str:
    head = (
        f"{'scale':>6} {'raw rows':>11} {'+rows':>7} {'gen s':>6} {'floor s':>8} {'build s':>8} "
        f"{'x floor':>8} {'dbt ovh':>8} {'models':>7} {'tests':>7} {'incr s':>7} {'incr/full':>9} "
        f"{'peak MB':>8} {'db MB':>7} {'queries s':>9}"
    )
    lines = [head, "-" * len(head)]
    for r in report["results"]:
        peak = max(
            r["generate"]["peak_rss_mb"],
            r["load"]["peak_rss_mb"],
            r["build"]["peak_rss_mb"],
            r["append"]["peak_rss_mb"],
            r["incremental"]["peak_rss_mb"],
            r["queries_peak_rss_mb"],
        )
        b, inc = r["build"], r["incremental"]
        lines.append(
            f"{r['scale']:>6g} {r['raw_rows']:>11,} {r['appended_rows']:>7,} "
            f"{r['generate']['seconds']:>6.1f} "
            f"{r['floor_seconds']:>8.3f} {b['seconds']:>8.1f} {r['ratio_to_floor']:>8.0f} "
            f"{b['overhead_seconds']:>8.1f} {b['model_seconds']:>7.1f} {b['test_seconds']:>7.1f} "
            f"{inc['seconds']:>7.1f} {r['incremental_ratio']:>9.2f} {peak:>8.0f} {r['warehouse_mb']:>7.1f} "
            f"{sum(r['queries'].values()):>9.2f}"
        )
    lines.append("")
    lines.append("peak MB per step (generate / load / full build / append / incremental build / queries):")
    for r in report["results"]:
        steps = [
            r["generate"]["peak_rss_mb"],
            r["load"]["peak_rss_mb"],
            r["build"]["peak_rss_mb"],
            r["append"]["peak_rss_mb"],
            r["incremental"]["peak_rss_mb"],
            r["queries_peak_rss_mb"],
        ]
        inc = r["incremental"]
        lines.append(
            f"  scale {r['scale']:g}: "
            + " / ".join(f"{s:.0f}" for s in steps)
            + f"; incremental build: dbt overhead {inc['overhead_seconds']:.1f}s, models "
            f"{inc['model_seconds']:.1f}s (full {r['build']['model_seconds']:.1f}s), "
            f"tests {inc['test_seconds']:.1f}s"
        )
    for r in report["results"]:
        slow = ", ".join(
            f"{m['model']} {m['seconds']:.2f}s ({m['materialized']})" for m in r["slowest_models"][:5]
        )
        lines.append(f"  scale {r['scale']:g} slowest models (full build): {slow}")
        slow = ", ".join(f"{t['test']} {t['seconds']:.2f}s" for t in r["slowest_tests"][:5])
        lines.append(f"  scale {r['scale']:g} slowest tests (full build): {slow}")
        for p in r["duckdb_profiles"]:
            ops = ", ".join(f"{o['operator']} {o['seconds']:.2f}s" for o in p["costliest_operators"])
            scans = ", ".join(f"{t} x{n}" for t, n in p["table_scans"].items())
            lines.append(f"    DuckDB profile {p['model']}: {p['seconds']:.2f}s; {ops}; scans: {scans}")
    m = report["machine"]
    lines.append(
        f"machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory_gb']} GB, {m['platform']}; Python {m['python']}, "
        f"DuckDB {m['duckdb']}, dbt {m['dbt']}, {m['threads']} dbt threads; medians of "
        f"{report['runs_per_step']} runs (memory: the maximum; the bench driver's own peak: "
        f"{report.get('driver_rss_mb', 0):.0f} MB)"
    )
    return "\n".join(lines)


def _profiles(db: str, run_results: str, models: str) -> list[dict[str, Any]]:
    """DuckDB profiles of the named models, from their compiled SQL in run_results.json."""
    compiled = {
        r["unique_id"].split(".")[-1]: r["compiled_code"]
        for r in json.loads(Path(run_results).read_text())["results"]
    }
    return [
        {"model": model, **duckdb_profile(Path(db), compiled[model])} for model in models.split(",") if model
    ]


def _split(raw: str, out: str) -> dict[str, list[int]]:
    from cxm.batches import split_into_batches

    return split_into_batches(Path(raw), Path(out), APPEND_PLAN)


CHILD_CALLS: dict[str, Callable[..., Any]] = {
    "split": _split,
    "floor": lambda db: _floor(Path(db)),
    "queries": lambda manifest, db, runs: time_queries(Path(manifest), Path(db), int(runs)),
    "profile": _profiles,
}

if __name__ == "__main__":
    print(json.dumps(CHILD_CALLS[sys.argv[1]](*sys.argv[2:])))
