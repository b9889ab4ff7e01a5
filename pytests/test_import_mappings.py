"""`cxm import` mappings (issue 11, issue 12 items 1 and 7): validated up front with clear
errors, one transaction, keyed by content; every format; stable keys; conversation threads."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cxm.cli import main
from cxm.imports import MappingError, import_export, load_mapping, stable_key
from cxm.load import LoadError

EVENTS = "raw_helpdesk.ticket_events"
CSV = (
    "id,ticket,kind,body,at\n"
    "A-1,T-1,message_in,hello,2024-03-31 01:30:00\n"
    "A-2,T-1,message_out,hi,2024-03-31 03:00:00\n"
)


def _mapping(tmp_path: Path, extra: str = "", tables: str | None = None) -> Path:
    path = tmp_path / "m.yml"
    tables = tables or (
        "tables:\n  helpdesk.ticket_events:\n    columns: {id: id, ticket_id: ticket, event_type: kind, "
        "body: body, created_at: at}\n    constants: {author_type: customer}\n"
    )
    path.write_text(
        "name: t\ntimestamp_format: '%Y-%m-%d %H:%M:%S'\ntimezone: Europe/Warsaw\n"
        f"keys: [id, ticket]\n{extra}{tables}"
    )
    return path


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    "extra,message",
    [
        ("delimiter: ';;'\n", "delimiter ';;' must be one character"),
        ("encoding: klingon\n", "unknown encoding 'klingon'"),
        ("timezone: Mars/Olympus\n", "unknown time zone 'Mars/Olympus'"),
        ("timestamp_format: '%Y-%m-%Q'\n", "unknown directive"),
        ("file_format: xlsx\n", "file_format 'xlsx' is not one of"),
    ],
)
def test_bad_mapping_options_are_clear_errors(tmp_path: Path, extra: str, message: str) -> None:
    path = _mapping(tmp_path)
    text = path.read_text().replace("timestamp_format: '%Y-%m-%d %H:%M:%S'\ntimezone: Europe/Warsaw\n", "")
    path.write_text(
        extra + "timestamp_format: '%Y-%m-%d %H:%M:%S'\n" * ("timestamp_format" not in extra) + text
    )
    with pytest.raises(MappingError, match=message.replace("(", r"\(")):
        load_mapping(path)


def test_yaml_aliases_and_oversized_mappings_are_refused_fast(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yml"
    bomb.write_text(
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n"
    )
    with pytest.raises(MappingError, match="anchors/aliases"):
        load_mapping(bomb)
    big = tmp_path / "big.yml"
    big.write_text("name: x\n" + "# padding\n" * 40_000)
    with pytest.raises(MappingError, match="at most"):
        load_mapping(big)


def test_unknown_table_or_column_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match=r"unknown raw table 'helpdesk\.nope'"):
        load_mapping(_mapping(tmp_path, tables="tables:\n  helpdesk.nope:\n    columns: {id: id}\n"))
    with pytest.raises(MappingError, match=r"has no column\(s\) \['colour'\]"):
        load_mapping(
            _mapping(tmp_path, tables="tables:\n  helpdesk.agents:\n    columns: {id: id, colour: c}\n")
        )


def test_import_lands_typed_rows_with_stable_keys_and_utc_times(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(CSV)
    db = tmp_path / "w.duckdb"
    result = import_export(db, _mapping(tmp_path), export)
    assert result == {"helpdesk.ticket_events": {"rows": 2, "landed": 2}}
    rows = _rows(db, f"select id, ticket_id, created_at from {EVENTS} order by created_at")
    # Warsaw switched to summer time at 02:00 on 2024-03-31: 01:30 is CET (UTC+1), 03:00 CEST (UTC+2)
    assert rows == [
        (stable_key("A-1"), stable_key("T-1"), "2024-03-31 00:30:00+00:00"),
        (stable_key("A-2"), stable_key("T-1"), "2024-03-31 01:00:00+00:00"),
    ]


def test_reimport_of_the_same_content_under_another_name_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first, second = tmp_path / "week1" / "export.csv", tmp_path / "week2" / "export.csv"
    for f in (first, second):
        f.parent.mkdir()
    first.write_text(CSV)
    second.write_text(CSV + "A-3,T-2,message_in,new,2024-04-01 10:00:00\n")
    mapping = _mapping(tmp_path)
    import_export(db, mapping, first)
    again = import_export(db, mapping, first)
    assert again["helpdesk.ticket_events"]["landed"] == 0
    overlap = import_export(db, mapping, second)  # same base name, overlapping content
    assert overlap["helpdesk.ticket_events"] == {"rows": 3, "landed": 1}
    assert _rows(db, f"select count(*) from {EVENTS}") == [(3,)]


def test_a_failed_import_leaves_the_warehouse_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    export = tmp_path / "export.csv"
    export.write_text(CSV)
    con = duckdb.connect(str(db))
    con.execute("create schema raw_helpdesk")
    con.execute("create table raw_helpdesk.agents (id bigint)")  # a dropped column: account_name
    con.close()
    tables = (
        "tables:\n  helpdesk.ticket_events:\n"
        "    columns: {id: id, ticket_id: ticket, body: body, created_at: at}\n"
        "  helpdesk.agents:\n    columns: {id: id, account_name: body}\n"
    )
    with pytest.raises(LoadError, match="lacks declared column"):
        import_export(db, _mapping(tmp_path, tables=tables), export)
    assert _rows(db, "select count(*) from information_schema.tables where table_name = 'ticket_events'") == [
        (0,)
    ]


def test_empty_keys_stay_null_for_staging_to_reject_as_missing_key(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "id,ticket,kind,body,at\n"
        ",T-1,message_in,a,2024-01-01 10:00:00\n"
        "  ,T-1,message_in,b,2024-01-01 10:00:00\n"
    )
    db = tmp_path / "w.duckdb"
    import_export(db, _mapping(tmp_path), export)
    assert _rows(db, f"select count(*), count(id) from {EVENTS}") == [(2, 0)]  # two rows, both keyless


def test_whitespace_of_any_kind_around_a_value_is_trimmed(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "id,score,when\n1,\t9,2024-01-01 10:00:00\n2,9 ,2024-01-01 10:00:00\n3, 9\u00a0,2024-01-01 10:00:00\n"
    )
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        "name: s\ntimestamp_format: '%Y-%m-%d %H:%M:%S'\ntables:\n  surveys.responses:\n"
        "    columns: {id: id, score: score, submitted_at: when}\n    constants: {question_id: nps_0_10}\n"
    )
    db = tmp_path / "w.duckdb"
    import_export(db, mapping, export)
    assert _rows(db, "select distinct score from raw_surveys.responses") == [("9",)]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "parquet", "utf16csv"])
def test_every_format_lands_the_same_rows(tmp_path: Path, fmt: str) -> None:
    frame = pd.DataFrame(
        {
            "id": ["A-1", "A-2"],
            "ticket": ["T-1", "T-1"],
            "kind": ["message_in", "message_out"],
            "body": ["hello", "hi"],
            "at": ["2024-03-31 01:30:00", "2024-03-31 03:00:00"],
        }
    )
    path = tmp_path / f"export.{'csv' if fmt == 'utf16csv' else fmt}"
    if fmt == "jsonl":
        path.write_text("\n".join(json.dumps(r) for r in frame.to_dict("records")))
    elif fmt == "json":
        path.write_text(json.dumps(frame.to_dict("records")))
    elif fmt == "parquet":
        frame.to_parquet(path)
    else:
        path.write_bytes(CSV.encode("utf-16"))  # with a byte-order mark
    db = tmp_path / "w.duckdb"
    assert import_export(db, _mapping(tmp_path), path)["helpdesk.ticket_events"]["landed"] == 2
    assert _rows(db, f"select count(distinct id) from {EVENTS}") == [(2,)]


def test_cli_import_survey_mapping_and_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "w.duckdb")
    repo = Path(__file__).resolve().parents[1]
    survey = [
        "--mapping",
        str(repo / "config/survey_exports/example_nps_export.yml"),
        "--file",
        str(repo / "config/survey_exports/examples/example_nps_export.csv"),
        "--database",
        db,
    ]
    assert main(["import", *survey]) == 0
    assert main(["import-survey", *survey]) == 0
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\ntimezone: Nowhere/Land\ntables: {helpdesk.agents: {columns: {id: a}}}\n")
    assert main(["import", "--mapping", str(bad), "--file", str(tmp_path / "x.csv"), "--database", db]) == 2
    assert "unknown time zone 'Nowhere/Land'" in capsys.readouterr().err


KILLED_CHILD = """
import sys, time
from pathlib import Path
from cxm import imports
landed = imports._land
def land_then_stall(con, table, frame):
    n = landed(con, table, frame)
    print("first table landed", flush=True)
    time.sleep(120)
    return n
imports._land = land_then_stall
imports.import_export(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
"""


def test_a_killed_import_leaves_the_warehouse_as_it_was(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    db, export = tmp_path / "w.duckdb", tmp_path / "export.csv"
    export.write_text(CSV)
    import_export(db, _mapping(tmp_path), export)  # what was there before
    tables = (
        "tables:\n  helpdesk.ticket_events:\n"
        "    columns: {id: id, ticket_id: ticket, body: body, created_at: at}\n"
        "    constants: {author_type: agent}\n  helpdesk.agents:\n    columns: {id: id, account_name: body}\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CHILD, str(db), str(_mapping(tmp_path, tables=tables)), str(export)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "first table landed"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert _rows(db, f"select count(*), count(distinct author_type) from {EVENTS}") == [(2, 1)]
    assert _rows(db, "select count(*) from information_schema.tables where table_name = 'agents'") == [(0,)]
