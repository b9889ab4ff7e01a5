"""Reruns, late data and faults (README "Reruns, late data and faults").

One small generated dataset is split into three deliveries with late rows and re-deliveries
across them (cxm.batches). The same data is built three ways and compared table by table,
row for row (EXCEPT ALL both ways) over every table dbt materialises (incremental staging,
facts, KPI marts, rejected rows):
- reference: all deliveries landed, then one full build;
- incremental: delivery 1 -> build, 2 -> build, 3 (+ rows deleted at the source) -> build,
  then the same build again (data tests run on the last build, when all data has landed);
- killed: from the incremental state after delivery 2, delivery 3 lands, `dbt build` is
  SIGKILLed mid-run and run again.
Faults (a locked or missing warehouse file, a missing source table, a new, dropped or
retyped source column) must each stop with a message naming the cause and leave the marts
as they were.

dbt runs on one warehouse path for the whole module (DuckDB files are moved in and out of
it), so dbt can parse the project once and reuse it.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from cxm.batches import BatchPlan, split_into_batches
from cxm.generate import GenerateConfig, generate
from cxm.load import LoadError, load_raw

from .conftest import REPO, dbt_env

BIN = Path(sys.executable).parent
SCALE = 0.1
INCREMENTAL_MODELS = (
    "staging.stg_web__events",
    "staging.stg_surveys__responses",
    "staging.stg_helpdesk__ticket_events",
    "staging.stg_shop__orders",
)
BUILT_SCHEMAS = ("staging", "intermediate", "marts")
# Tables built by dbt Python models (fits, scorers) and everything downstream of them, read
# from dbt's manifest: a fit's floating-point sums depend on the row order of its inputs,
# which differs between an incremental and a fresh table, so their doubles are compared to 9
# significant digits (seen: differences of 1e-16). Every other table is compared exactly.


def fitted_tables(manifest_path: Path) -> set[str]:
    manifest = json.loads(manifest_path.read_text())
    nodes, children = manifest["nodes"], manifest["child_map"]
    python_models = [k for k, n in nodes.items() if n.get("language") == "python"]
    todo = [k for k in python_models if nodes[k].get("resource_type") == "model"]
    seen: set[str] = set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        todo.extend(children.get(key, []))
    return {
        f"{nodes[k]['schema']}.{nodes[k].get('alias') or nodes[k]['name']}"
        for k in seen
        if k in nodes and nodes[k].get("resource_type") == "model"
    }


# Rows deleted at the source with delivery 3 (e.g. an erasure request); by id, deterministic,
# only rows nothing else refers to (a deleted parent would fail the relationships tests).
SOURCE_DELETES = {
    "raw_web.events": "id % 499 = 0",
    "raw_surveys.responses": "id % 41 = 0 and id not in (select response_id from raw_surveys.followups)",
    "raw_helpdesk.ticket_events": "id % 97 = 0",
}


@dataclass
class Slot:
    """The one warehouse path dbt uses in this module; DuckDB files are moved in and out."""

    root: Path
    env: dict[str, str]

    @property
    def db(self) -> Path:
        return self.root / "cx_metrics.duckdb"

    def _move(self, src: Path, dst: Path) -> None:
        for suffix in ("", ".wal"):
            s, d = Path(f"{src}{suffix}"), Path(f"{dst}{suffix}")
            d.unlink(missing_ok=True)
            if s.exists():
                shutil.move(s, d)

    def park(self, name: str) -> Path:
        """Move the warehouse out of the slot to <root>/<name>.duckdb."""
        dest = self.root / f"{name}.duckdb"
        self._move(self.db, dest)
        return dest

    def use_copy(self, parked: Path) -> None:
        """Put a copy of a parked warehouse in the slot."""
        self._move(self.db, self.root / "discarded.duckdb")
        shutil.copy(parked, self.db)

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(BIN / "dbt"), *args], cwd=REPO, env=self.env, capture_output=True, text=True, timeout=900
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} exited {proc.returncode}\n{proc.stdout[-6000:]}")
        return proc


@dataclass
class Runs:
    slot: Slot
    batches: Path
    batch_rows: dict[str, list[int]]
    reference: Path
    after_batch_2: Path
    incremental: Path
    seconds: dict[str, float]


def land_batch(db: Path, batches: Path, k: int) -> None:
    load_raw(batches / f"batch_{k}", db, append=k > 1)
    if k == 3:
        con = duckdb.connect(str(db))
        try:
            for table, where in SOURCE_DELETES.items():
                deleted = con.execute(f"delete from {table} where {where}").fetchone()
                assert deleted and deleted[0] > 0, f"no row deleted from {table}"
        finally:
            con.close()


def built_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        f"where table_catalog = '{catalog}' and table_type = 'BASE TABLE' "
        f"and table_schema in {BUILT_SCHEMAS} order by 1"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _rounded(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """The relation with its double columns rounded to 9 significant digits."""
    cols = con.execute(f"describe select * from {relation}").fetchall()
    exprs = [
        f"case when {c} = 0 then 0 else round({c}, 8 - cast(floor(log10(abs({c}))) as integer)) end as {c}"
        if t in ("DOUBLE", "FLOAT")
        else str(c)
        for c, t, *_ in cols
    ]
    return f"(select {', '.join(exprs)} from {relation})"


def _except(a: str, b: str) -> str:
    return f"select * from {a} except all select * from {b}"


def differences(db: Path, reference: Path, manifest: Path) -> dict[str, tuple[int, int]]:
    """Per built table: (rows only in db, rows only in reference), counting duplicates."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"attach '{reference}' as ref (read_only)")
        here, there = built_tables(con, db.stem), built_tables(con, "ref")
        assert here == there, f"tables differ: {sorted(set(here) ^ set(there))}"
        assert set(INCREMENTAL_MODELS) <= set(here)
        fitted = fitted_tables(manifest)
        out: dict[str, tuple[int, int]] = {}
        for table in here:
            a, b = f'"{db.stem}".{table}', f"ref.{table}"
            if table in fitted:
                a, b = _rounded(con, a), _rounded(con, b)
            only_a = con.execute(f"select count(*) from ({_except(a, b)})").fetchone()
            only_b = con.execute(f"select count(*) from ({_except(b, a)})").fetchone()
            out[table] = (int(only_a[0]) if only_a else -1, int(only_b[0]) if only_b else -1)
        return out
    finally:
        con.close()


def assert_same(db: Path, reference: Path) -> None:
    diff = differences(db, reference, db.parent / "target" / "manifest.json")
    bad = {t: d for t, d in diff.items() if d != (0, 0)}
    assert not bad, f"tables differing from the reference (rows only here, only there): {bad}"
    kpi_marts = [t for t in diff if t.startswith("marts.kpi_")]
    assert len(kpi_marts) >= 15 and "marts.rejected_rows" in diff, f"too few tables compared: {sorted(diff)}"


def row_count(db: Path, table: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(f"select count(*) from {table}").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    root = tmp_path_factory.mktemp("reruns")
    generate(GenerateConfig(scale=SCALE, seed=5, as_of=date(2026, 10, 31), out_dir=root / "raw"))
    batches = root / "batches"
    batch_rows = split_into_batches(root / "raw", batches, BatchPlan(batches=3, seed=11))
    slot = Slot(root, dbt_env(root))
    seconds: dict[str, float] = {}

    # reference: every delivery landed, then one full build
    for k in (1, 2, 3):
        land_batch(slot.db, batches, k)
    t0 = time.perf_counter()
    slot.dbt("build")
    seconds["full build"] = time.perf_counter() - t0
    reference = slot.park("reference")

    # incremental: one build per delivery; keep the state after delivery 2 for the kill test
    # (models and seeds only: with part of the data, a subscription whose customer lands in a
    # later delivery fails the subscription -> customer relationships test, an error by design)
    for k in (1, 2):
        land_batch(slot.db, batches, k)
        slot.dbt("build", "--resource-type", "seed", "--resource-type", "model")
    after_batch_2 = slot.park("after_batch_2")
    shutil.copy(after_batch_2, slot.db)
    land_batch(slot.db, batches, 3)
    t0 = time.perf_counter()
    slot.dbt("build")
    seconds["incremental build (delivery 3)"] = time.perf_counter() - t0
    incremental = slot.park("incremental")
    yield Runs(slot, batches, batch_rows, reference, after_batch_2, incremental, seconds)


def test_batches_have_late_rows_and_redeliveries(runs: Runs) -> None:
    for name, counts in runs.batch_rows.items():
        assert len(counts) == 3 and sum(counts) > 0, name
    con = duckdb.connect()
    try:
        b = runs.batches.as_posix()
        # re-deliveries: ids delivered in more than one batch
        across = con.execute(
            f"select count(*) from (select id from read_parquet(['{b}/batch_1/web/events.parquet', "
            f"'{b}/batch_2/web/events.parquet', '{b}/batch_3/web/events.parquet'], filename = true) "
            "group by id having count(distinct filename) > 1)"
        ).fetchone()
        # late rows: landed earlier than the latest landing of the previous batch
        late = con.execute(
            f"select count(*) from read_parquet('{b}/batch_2/web/events.parquet') "
            f"where _loaded_at < (select max(_loaded_at) from read_parquet('{b}/batch_1/web/events.parquet'))"
        ).fetchone()
    finally:
        con.close()
    assert across and across[0] > 10
    assert late and late[0] > 10


def test_incremental_equals_full_refresh(runs: Runs) -> None:
    print(f"rows per delivery: {runs.batch_rows}; timings: {runs.seconds}")
    assert_same(runs.incremental, runs.reference)
    for table in SOURCE_DELETES:
        assert row_count(runs.incremental, table) > 0


def test_second_run_changes_nothing(runs: Runs) -> None:
    runs.slot.use_copy(runs.incremental)
    before = {t: row_count(runs.slot.db, t) for t in INCREMENTAL_MODELS}
    runs.slot.dbt("run")
    assert {t: row_count(runs.slot.db, t) for t in INCREMENTAL_MODELS} == before
    assert_same(runs.slot.db, runs.reference)


def test_build_killed_midway_then_rerun_is_correct(runs: Runs) -> None:
    runs.slot.use_copy(runs.after_batch_2)
    land_batch(runs.slot.db, runs.batches, 3)
    log = runs.slot.root / "logs" / "dbt.log"
    start = log.stat().st_size if log.exists() else 0
    proc = subprocess.Popen(
        [str(BIN / "dbt"), "build"],
        cwd=REPO,
        env=runs.slot.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    done = 0
    text = ""
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if log.exists():
                with log.open("rb") as f:
                    f.seek(start)
                    text = f.read().decode(errors="replace")
            # kill once the incremental models and some marts are done, before the end
            done = text.count("OK created sql table model marts.")
            if "OK created sql incremental model staging." in text and done >= 5:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert done >= 5
    runs.slot.dbt("build")
    assert_same(runs.slot.db, runs.reference)


def _marts_intact(slot: Slot, reference: Path) -> None:
    assert_same(slot.db, reference)


def test_locked_warehouse_is_named(runs: Runs) -> None:
    runs.slot.use_copy(runs.reference)
    # another process holding a write connection (a running dbt, mf, cxm or BI tool)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(600)",
            str(runs.slot.db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        proc = runs.slot.dbt("build", check=False)
        with pytest.raises(LoadError, match="is locked by another process"):
            load_raw(runs.batches / "batch_3", runs.slot.db, append=True)
    finally:
        holder.kill()
        holder.wait(timeout=60)
    assert proc.returncode != 0
    assert "Could not set lock on file" in proc.stdout and str(runs.slot.db) in proc.stdout
    _marts_intact(runs.slot, runs.reference)


def test_missing_warehouse_file_is_named(runs: Runs) -> None:
    runs.slot.use_copy(runs.reference)
    runs.slot.park("parked")
    proc = runs.slot.dbt("build", check=False)
    assert proc.returncode != 0
    assert f"the warehouse {runs.slot.db} has none of the 19 raw source tables" in proc.stdout
    assert "database file is missing, new or not loaded yet" in proc.stdout
    assert "Traceback" not in proc.stdout


def test_missing_source_table_is_named(runs: Runs) -> None:
    runs.slot.use_copy(runs.reference)
    with duckdb.connect(str(runs.slot.db)) as con:
        con.execute("drop table raw_helpdesk.ticket_events")
    proc = runs.slot.dbt("build", check=False)
    assert proc.returncode != 0
    assert "missing source table raw_helpdesk.ticket_events" in proc.stdout
    assert "Traceback" not in proc.stdout
    _marts_intact(runs.slot, runs.reference)


def test_dropped_and_retyped_source_columns_are_named(runs: Runs) -> None:
    runs.slot.use_copy(runs.reference)
    with duckdb.connect(str(runs.slot.db)) as con:
        con.execute("alter table raw_shop.orders drop column device")
        con.execute("alter table raw_surveys.responses alter column invitation_id type varchar")
    proc = runs.slot.dbt("build", check=False)
    assert proc.returncode != 0
    assert "dropped column: raw_shop.orders.device" in proc.stdout
    retyped = "changed type: raw_surveys.responses.invitation_id is varchar, the sources YAML declares bigint"
    assert retyped in proc.stdout
    assert "Traceback" not in proc.stdout
    _marts_intact(runs.slot, runs.reference)


def test_new_source_column_warns_and_changes_nothing(runs: Runs) -> None:
    runs.slot.use_copy(runs.reference)
    with duckdb.connect(str(runs.slot.db)) as con:
        con.execute("alter table raw_web.events add column browser varchar default 'firefox'")
    proc = runs.slot.dbt("run", "--select", "base_web__events", "stg_web__events")
    assert "new column: raw_web.events.browser (varchar) is not declared in the sources YAML" in proc.stdout
    _marts_intact(runs.slot, runs.reference)
    strict = runs.slot.dbt(
        "run", "--select", "stg_web__events", "--vars", "{cx_fail_on_new_source_columns: true}", check=False
    )
    assert strict.returncode != 0
    assert "Source check failed" in strict.stdout and "raw_web.events.browser" in strict.stdout


def test_look_back_decides_how_late_a_row_may_land(runs: Runs) -> None:
    """A row landing with a time older than the look-back is missed (and the accounting test
    says so) until the look-back covers it or a full refresh runs."""
    runs.slot.use_copy(runs.incremental)
    with duckdb.connect(str(runs.slot.db)) as con:
        con.execute(
            "insert into raw_web.events by name select 990000001 as id, session_id, event_name, journey, "
            "step_name, step_index, is_error, error_code, occurred_at, "
            "(select max(_loaded_at) from raw_web.events) - interval 10 day as _loaded_at "
            "from raw_web.events where id = (select min(id) from raw_web.events)"
        )
    query = "select count(*) from staging.stg_web__events where web_event_id = 990000001"

    def staged() -> int:
        with duckdb.connect(str(runs.slot.db), read_only=True) as con:
            row = con.execute(query).fetchone()
        return int(row[0]) if row else -1

    runs.slot.dbt("run", "--select", "stg_web__events")
    assert staged() == 0
    accounted = runs.slot.dbt("test", "--select", "source:web.events", check=False)
    assert accounted.returncode != 0 and "cx_rows_accounted_for" in accounted.stdout
    runs.slot.dbt("run", "--select", "stg_web__events", "--vars", "{cx_incremental_lookback_days: 30}")
    assert staged() == 1
