"""`cxm load --append`: deliveries land on top of each other, atomically, with clear refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from cxm.batches import BatchPlan, split_into_batches
from cxm.cli import main
from cxm.generate import RAW_TABLES, GenerateConfig, generate
from cxm.load import LoadError, load_raw


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, list[int]]]:
    root = tmp_path_factory.mktemp("append")
    generate(GenerateConfig(scale=0.05, seed=3, as_of=date(2026, 6, 30), out_dir=root / "raw"))
    counts = split_into_batches(root / "raw", root / "batches", BatchPlan(batches=3, seed=2))
    return root / "raw", root / "batches", counts


def _rows(db: Path, relation: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(f"select count(*) from {relation}").fetchone()
    return int(row[0]) if row else 0


def test_batches_keep_every_row_and_add_redeliveries(
    batches: tuple[Path, Path, dict[str, list[int]]],
) -> None:
    raw, _, counts = batches
    for source, tables in RAW_TABLES.items():
        for table in tables:
            original = pq.read_metadata(raw / source / f"{table}.parquet").num_rows
            # every generated row is in exactly one batch; re-deliveries come on top
            assert sum(counts[f"{source}/{table}"]) >= original


def test_append_adds_each_delivery(tmp_path: Path, batches: tuple[Path, Path, dict[str, list[int]]]) -> None:
    _, out, counts = batches
    db = tmp_path / "w.duckdb"
    first = load_raw(out / "batch_1", db)
    assert first["web.events"] == counts["web/events"][0]
    second = load_raw(out / "batch_2", db, append=True)
    assert second["web.events"] == counts["web/events"][1]
    assert _rows(db, "raw_web.events") == sum(counts["web/events"][:2])
    # appending the same delivery twice doubles the raw rows; staging dedups them
    load_raw(out / "batch_2", db, append=True)
    assert _rows(db, "raw_web.events") == counts["web/events"][0] + 2 * counts["web/events"][1]


def test_replace_is_the_default(tmp_path: Path, batches: tuple[Path, Path, dict[str, list[int]]]) -> None:
    _, out, counts = batches
    db = tmp_path / "w.duckdb"
    load_raw(out / "batch_1", db)
    load_raw(out / "batch_2", db)
    assert _rows(db, "raw_web.events") == counts["web/events"][1]


def test_append_with_some_tables_only(
    tmp_path: Path, batches: tuple[Path, Path, dict[str, list[int]]]
) -> None:
    _, out, _ = batches
    db = tmp_path / "w.duckdb"
    load_raw(out / "batch_1", db)
    partial = tmp_path / "partial"
    (partial / "web").mkdir(parents=True)
    (partial / "web" / "events.parquet").write_bytes(
        (out / "batch_2" / "web" / "events.parquet").read_bytes()
    )
    landed = load_raw(partial, db, append=True)
    assert set(landed) == {"web.events"}
    with pytest.raises(LoadError, match="raw data missing"):
        load_raw(partial, tmp_path / "other.duckdb")


def test_append_with_other_columns_is_refused_and_lands_nothing(
    tmp_path: Path, batches: tuple[Path, Path, dict[str, list[int]]]
) -> None:
    _, out, _ = batches
    db = tmp_path / "w.duckdb"
    load_raw(out / "batch_1", db)
    changed = tmp_path / "changed"
    with duckdb.connect() as con:
        for source, tables in RAW_TABLES.items():
            (changed / source).mkdir(parents=True, exist_ok=True)
            for table in tables:
                src = (out / "batch_2" / source / f"{table}.parquet").as_posix()
                select = f"select * from '{src}'"
                if (source, table) == ("web", "sessions"):
                    select = f"select * exclude (device), 1 as browser from '{src}'"
                con.execute(f"copy ({select}) to '{(changed / source / f'{table}.parquet').as_posix()}'")
    before = _rows(db, "raw_web.events")
    with pytest.raises(LoadError) as err:
        load_raw(changed, db, append=True)
    message = str(err.value)
    assert (
        "raw_web.sessions" in message and "new: ['browser']" in message and "missing: ['device']" in message
    )
    # one transaction: the tables appended before the refusal were rolled back
    assert _rows(db, "raw_web.events") == before


def test_cli_append(
    tmp_path: Path, batches: tuple[Path, Path, dict[str, list[int]]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, counts = batches
    db = str(tmp_path / "w.duckdb")
    assert main(["load", "--data-dir", str(out / "batch_1"), "--database", db]) == 0
    assert main(["load", "--append", "--data-dir", str(out / "batch_3"), "--database", db]) == 0
    assert "appended to raw_web.events" in capsys.readouterr().out
    assert _rows(Path(db), "raw_web.events") == counts["web/events"][0] + counts["web/events"][2]


def test_a_folder_name_is_never_sql(tmp_path: Path, batches: tuple[Path, Path, dict[str, list[int]]]) -> None:
    """A --data-dir with a quote loads (the file is read through DuckDB's API, not spliced into
    SQL); a folder named like an injection creates nothing but the raw tables."""
    _, out, counts = batches
    crafted = tmp_path / "it's') ; create table pwned as select 1 as x; select ('"
    crafted.mkdir()
    for source in RAW_TABLES:
        (crafted / source).symlink_to(out / "batch_1" / source, target_is_directory=True)
    db = tmp_path / "w.duckdb"
    landed = load_raw(crafted, db)
    assert landed["web.events"] == counts["web/events"][0]
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        views = con.execute("select count(*) from duckdb_views() where not internal").fetchone()
    assert "pwned" not in tables and views == (0,)
    assert _rows(db, "raw_web.events") == counts["web/events"][0]
