"""The bad-input corpus: malformed inputs fed through `cxm load`, `cxm import-survey` and dbt.

Every case ends in one of three outcomes, never a crash and never an unflagged mart row:
- error:    the command exits 2 with a message naming the problem (no traceback) and lands
            nothing (file-level problems: broken quoting, wrong encoding, empty files, ...);
- rejected: the row lands, staging rejects it and marts.rejected_rows names the reason; the
            row is in no staging model and no mart;
- accepted: the input is odd but valid (emoji, right-to-left text, SQL- or Jinja-looking
            text, "10 ", a byte-order mark): it reaches the marts with its value intact
            (e-mails and phones in free text masked).
Row-level cases share one warehouse and one `dbt build`. The corpus size and the split by
outcome are printed at the end of the pytest run (see conftest.pytest_terminal_summary).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxm.cli import main
from cxm.generate import GenerateConfig, generate
from cxm.load import EXPORT_TABLE

from .conftest import BIN, Warehouse, dbt_env

EXPORT_NAME = "bad_inputs"
MAPPING = f"""name: {EXPORT_NAME}
columns: {{response_id: Response ID, responded_at: Submitted, score: Score, comment: Comment}}
timestamp_format: "%Y-%m-%d %H:%M"
timezone: UTC
constants: {{question_id: nps_0_10, survey_type: transactional_nps_bad_inputs}}
"""
HEADER = "Response ID,Submitted,Score,Comment\n"
GOOD_LINE = "R-1,2025-03-01 10:00,9,fine\n"

SQL_TEXT = "'); drop table marts.kpi_nps_monthly; -- \" or 1=1"
JINJA_TEXT = "{{ env_var('CXM_PII_SALT') }} {% do exceptions.raise_compiler_error('boom') %} {# x #}"
EMOJI_TEXT = "Loved it 👍🏽🔥 — 5⭐ 家族 ✅"
RTL_TEXT = "שירות מצוין, תודה! خدمة ممتازة \u202ereversed\u202c"
MULTILINE_TEXT = 'Line one, with a comma\nline "two" quoted'
HUGE_TEXT = "x" * 50_000
PII_TEXT = "Mail me at anna.nowak@example.com or call +48 601 234 567."
PII_MASKED = "Mail me at <email> or call <phone>."


# ----------------------------------------------------------------------------- file level
@dataclass(frozen=True)
class FileCase:
    id: str
    make: Callable[[Path, Path], list[str]]  # (tmp_path, generated raw dir) -> the cxm argv
    error: str | None  # a substring of the error message; None = it loads


def _export(content: bytes | str, mapping: str = MAPPING) -> Callable[[Path, Path], list[str]]:
    def make(tmp: Path, generated: Path) -> list[str]:
        csv = tmp / "export.csv"
        csv.write_bytes(content.encode() if isinstance(content, str) else content)
        yml = tmp / "mapping.yml"
        yml.write_text(mapping)
        return [
            "import-survey",
            "--mapping",
            str(yml),
            "--file",
            str(csv),
            "--database",
            str(tmp / "w.duckdb"),
        ]

    return make


def _raw_with(change: Callable[[Path], None]) -> Callable[[Path, Path], list[str]]:
    def make(tmp: Path, generated: Path) -> list[str]:
        raw = tmp / "raw"
        shutil.copytree(generated, raw)
        change(raw / "crm" / "customers.parquet")
        return ["load", "--data-dir", str(raw), "--database", str(tmp / "w.duckdb")]

    return make


def _corrupt(path: Path) -> None:
    path.write_bytes(b"PAR1 this is not parquet at all")


def _empty(path: Path) -> None:
    pq.write_table(pq.read_table(path).slice(0, 0), path)


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "raw"
    generate(GenerateConfig(scale=0.001, seed=5, as_of=date(2026, 1, 31), out_dir=out))
    return out


FILE_CASES = [
    FileCase(
        "csv_unclosed_quote",
        _export(HEADER + 'R-1,2025-03-01 10:00,9,"never closed\nR-2,x,1,y\n'),
        "not well-formed CSV",
    ),
    FileCase(
        "csv_text_after_closing_quote",
        _export(HEADER + 'R-1,2025-03-01 10:00,9,"quoted"tail\n'),
        "not well-formed CSV",
    ),
    FileCase(
        "csv_line_with_extra_field",
        _export(HEADER + GOOD_LINE + "R-2,2025-03-01 10:00,9,a,b\n"),
        "record 3 has 5 fields, the header has 4",
    ),
    FileCase(
        "csv_line_with_missing_field",
        _export(HEADER + "R-1,2025-03-01 10:00,9\n"),
        "record 2 has 3 fields, the header has 4",
    ),
    FileCase(
        "wrong_encoding_cp1252_as_utf8",
        _export((HEADER + "R-1,2025-03-01 10:00,9,Café crème\n").encode("cp1252")),
        "is not valid utf-8",
    ),
    FileCase("utf16_file", _export((HEADER + GOOD_LINE).encode("utf-16")), "contains NUL bytes"),
    FileCase("binary_file", _export(b"PK\x03\x04\x14\x00\x00\x00binary zip bytes"), "contains NUL bytes"),
    FileCase("empty_file", _export(b""), "is empty"),
    FileCase("whitespace_only_file", _export("\n\n   \n"), "is empty"),
    FileCase("header_only", _export(HEADER), "has a header but no answer lines"),
    FileCase(
        "semicolon_delimited",
        _export(HEADER.replace(",", ";") + GOOD_LINE.replace(",", ";")),
        "lacks column(s)",
    ),
    FileCase(
        "repeated_column_name",
        _export("Response ID,Submitted,Score,Comment,Score\n" + "R-1,2025-03-01 10:00,9,x,9\n"),
        "repeats column name(s) ['Score']",
    ),
    FileCase(
        "mapping_not_yaml",
        _export(HEADER + GOOD_LINE, mapping="name: [unclosed\n  columns: {"),
        "cannot read export mapping",
    ),
    FileCase(
        "mapping_is_a_list",
        _export(HEADER + GOOD_LINE, mapping="- name\n- columns\n"),
        "is not a YAML mapping",
    ),
    FileCase(
        "mapping_unknown_encoding",
        _export(HEADER + GOOD_LINE, mapping=MAPPING + "encoding: klingon-8\n"),
        "unknown encoding 'klingon-8'",
    ),
    FileCase("parquet_corrupt", _raw_with(_corrupt), "is not a readable Parquet file"),
    FileCase("parquet_empty", _raw_with(_empty), "has no rows"),
    # odd but valid files: they load
    FileCase("utf8_byte_order_mark", _export(("\ufeff" + HEADER + GOOD_LINE).encode()), None),
    FileCase(
        "crlf_line_ends_and_blank_lines",
        _export((HEADER + "\n" + GOOD_LINE + "\n").replace("\n", "\r\n")),
        None,
    ),
    FileCase(
        "cp1252_declared_in_mapping",
        _export(
            (HEADER + "R-1,2025-03-01 10:00,9,Café crème\n").encode("cp1252"), MAPPING + "encoding: cp1252\n"
        ),
        None,
    ),
]


@pytest.mark.parametrize("case", FILE_CASES, ids=[c.id for c in FILE_CASES])
def test_file_level_bad_input(
    case: FileCase, tmp_path: Path, tiny_raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = case.make(tmp_path, tiny_raw)
    code = main(argv)
    out, err = capsys.readouterr()
    db = tmp_path / "w.duckdb"
    if case.error is None:
        assert code == 0, err
        con = duckdb.connect(str(db), read_only=True)
        try:
            rows = con.execute(f"select response_key, comment from {EXPORT_TABLE}").fetchall()
        finally:
            con.close()
        assert len(rows) == 1 and rows[0][0] == f"{EXPORT_NAME}:export.csv:R-1"
        assert rows[0][1] in ("fine", "Café crème")
        return
    assert code == 2
    assert err.startswith("cxm: error: ") and case.error in err, err
    assert "Traceback" not in out + err
    if db.exists():  # nothing was landed by the failed command
        con = duckdb.connect(str(db), read_only=True)
        try:
            tables = {
                r[0] for r in con.execute("select table_schema from information_schema.tables").fetchall()
            }
            landed = (
                con.execute(f"select count(*) from {EXPORT_TABLE}").fetchone()
                if "raw_survey_export" in tables
                else (0,)
            )
        finally:
            con.close()
        assert landed == (0,)


# ----------------------------------------------------------------------------- row level
@dataclass(frozen=True)
class RowCase:
    id: str
    source_table: str  # as in marts.rejected_rows
    record_key: str
    reason: str | None  # expected reject_reason; None = accepted
    # accepted rows: (sql returning one value, expected value)
    check: tuple[str, object] | None = None


ROW_CASES: list[RowCase] = []


def _case(*args: object, **kwargs: object) -> RowCase:
    case = RowCase(*args, **kwargs)  # type: ignore[arg-type]
    ROW_CASES.append(case)
    return case


# Survey-tool answers (raw_surveys.responses), ids 900001... --------------------------
SURVEY_ROWS: list[tuple[int, dict[str, object]]] = []


def _survey(
    n: int, case_id: str, reason: str | None, check: tuple[str, object] | None = None, **row: object
) -> None:
    rid = 900_000 + n
    SURVEY_ROWS.append((rid, row))
    _case(case_id, "surveys.responses", str(rid), reason, check)


def _comment_of(rid: int) -> str:
    return f"select comment_text from staging.stg_surveys__responses where response_id = {rid}"


def _score_in_fact(rid: int) -> str:
    return f"select score from marts.fct_survey_responses where response_key = 'surveys:{rid}'"


_survey(1, "score_with_trailing_space", None, (_score_in_fact(900_001), 10), score="10 ")
_survey(2, "score_as_word", "score_not_integer", score="ten")
_survey(3, "score_decimal", "score_not_integer", score="7.5")
_survey(4, "score_exponent", "score_not_integer", score="1e1")
_survey(5, "score_fullwidth_digit", "score_not_integer", score="\uff17")  # fullwidth seven
_survey(6, "score_huge_number", "score_not_integer", score="99999999999999999999")
_survey(7, "score_out_of_range", "score_out_of_range", score="11")
_survey(8, "score_negative", "score_out_of_range", score="-1")
_survey(9, "score_empty", "score_missing", score="")
_survey(10, "date_in_future", "timestamp_in_future", submitted_at="2099-01-01T00:00:00Z")
_survey(11, "date_before_1970", "timestamp_before_1970", submitted_at="1969-07-20T20:17:00Z")
_survey(12, "date_sentinel_1900", "timestamp_before_1970", submitted_at="1900-01-01 00:00:00")
# after 1970 but before the time spine (var cx_time_spine_start): it would sit in the fact and be
# missing from every monthly mart, so it is rejected with its reason (DECISIONLOG.md#time-spine)
_survey(41, "date_before_time_spine", "timestamp_before_time_spine", submitted_at="2010-06-01T10:00:00Z")
_survey(13, "date_impossible", "unparseable_timestamp", submitted_at="2025-02-30T10:00:00Z")
_survey(14, "date_word", "unparseable_timestamp", submitted_at="yesterday")
_survey(15, "comment_huge", "text_too_long", comment=HUGE_TEXT)
_survey(16, "comment_sql_injection", None, (_comment_of(900_016), SQL_TEXT.strip()), comment=SQL_TEXT)
_survey(17, "comment_jinja", None, (_comment_of(900_017), JINJA_TEXT), comment=JINJA_TEXT)
_survey(18, "comment_emoji", None, (_comment_of(900_018), EMOJI_TEXT), comment=EMOJI_TEXT)
_survey(19, "comment_right_to_left", None, (_comment_of(900_019), RTL_TEXT), comment=RTL_TEXT)
_survey(20, "comment_with_email_and_phone", None, (_comment_of(900_020), PII_MASKED), comment=PII_TEXT)
SURVEY_ROWS.append((0, {"id": None, "comment": "no key"}))
_case("key_missing", "surveys.responses", "", "missing_key")
# one key delivered twice: the later delivery wins, the earlier is a duplicate
_survey(22, "duplicate_key_earlier_delivery", "duplicate_delivery", comment="first")
SURVEY_ROWS.append((900_022, {"comment": "second", "_loaded_later": True}))
_case("duplicate_key_later_delivery", "surveys.responses", "900022", None, (_comment_of(900_022), "second"))

# CRM customers with a sign-up time delivered as text (raw_crm.customers), ids 800001... ------
CUSTOMER_ROWS: list[tuple[int, dict[str, object]]] = []


def _customer(
    n: int, case_id: str, reason: str | None, check: tuple[str, object] | None = None, **row: object
) -> None:
    cid = 800_000 + n
    CUSTOMER_ROWS.append((cid, row))
    _case(case_id, "crm.customers", str(cid), reason, check)


def _email_hash_of(cid: int) -> str:
    return f"select email_hash from staging.stg_crm__customers where customer_id = {cid}"


def _salted(value: str) -> str:
    return hashlib.sha256((os.environ["CXM_PII_SALT"] + value).encode()).hexdigest()


_customer(1, "signup_text_not_a_date", "unparseable_timestamp", created_at="not a date")
_customer(2, "signup_in_future", "timestamp_in_future", created_at="2199-01-01 00:00:00")
_customer(3, "signup_before_1970", "timestamp_before_1970", created_at="1901-01-01 00:00:00")
_customer(41, "signup_before_time_spine", "timestamp_before_time_spine", created_at="2014-12-31 23:59:59")
_customer(4, "signup_empty", "missing_timestamp", created_at="  ")
_customer(
    5,
    "name_and_email_unicode_emoji_rtl",
    None,
    (_email_hash_of(800_005), _salted("zoë.😀@exämple.com")),
    full_name="Zoë 😀 אברהם",
    email=" Zoë.😀@Exämple.com ",
)
_customer(
    6,
    "name_sql_injection",
    None,
    (_email_hash_of(800_006), _salted("bobby@example.com")),
    full_name="Robert'); drop table students;--",
    email="bobby@example.com",
)

# HR pulse answers with the score column delivered as text (raw_hr.pulse_responses) ---------
PULSE_ROWS: list[tuple[int, str]] = [(700_001, "ten"), (700_002, " 9 "), (700_003, "")]
_case("enps_text_word", "hr.pulse_responses", "700001", "score_not_integer")
_case(
    "enps_text_with_spaces",
    "hr.pulse_responses",
    "700002",
    None,
    ("select enps_score from staging.stg_hr__pulse_responses where pulse_response_id = 700002", 9),
)
_case("enps_text_empty", "hr.pulse_responses", "700003", "score_missing")

# Survey export lines (import-survey), one file --------------------------------------------
EXPORT_LINES: list[tuple[str, str, str, str]] = []


def _line(
    rid: str,
    case_id: str,
    reason: str | None,
    submitted: str = "2025-03-01 10:00",
    score: str = "9",
    comment: str = "ok",
    check: tuple[str, object] | None = None,
) -> None:
    EXPORT_LINES.append((rid, submitted, score, comment))
    _case(case_id, "survey_export.responses", f"{EXPORT_NAME}:bad_inputs.csv:{rid}", reason, check)


def _export_comment(rid: str) -> str:
    return (
        "select comment_text from staging.stg_survey_export__responses "
        f"where response_key = '{EXPORT_NAME}:bad_inputs.csv:{rid}'"
    )


_line(
    "E-1",
    "export_score_with_spaces",
    None,
    score=" 10 ",
    check=(
        "select score from marts.fct_survey_responses "
        f"where response_key = '{EXPORT_NAME}:bad_inputs.csv:E-1'",
        10,
    ),
)
_line("E-2", "export_score_as_word", "score_not_integer", score="ten")
_line("E-3", "export_score_empty", "score_missing", score="")
_line("E-4", "export_score_out_of_range", "score_out_of_range", score="11")
_line("E-5", "export_date_in_future", "timestamp_in_future", submitted="2099-01-01 00:00")
_line("E-6", "export_date_before_1970", "timestamp_before_1970", submitted="1965-05-01 12:00")
_line("E-41", "export_date_before_time_spine", "timestamp_before_time_spine", submitted="1990-05-01 12:00")
_line("E-7", "export_date_wrong_format", "unparseable_timestamp", submitted="01/03/2025 10:00")
_line("E-8", "export_comment_huge", "text_too_long", comment=HUGE_TEXT)
_line(
    "E-9",
    "export_comment_sql_injection",
    None,
    comment=SQL_TEXT,
    check=(_export_comment("E-9"), SQL_TEXT.strip()),
)
_line("E-10", "export_comment_jinja", None, comment=JINJA_TEXT, check=(_export_comment("E-10"), JINJA_TEXT))
_line("E-11", "export_comment_emoji", None, comment=EMOJI_TEXT, check=(_export_comment("E-11"), EMOJI_TEXT))
_line(
    "E-12", "export_comment_right_to_left", None, comment=RTL_TEXT, check=(_export_comment("E-12"), RTL_TEXT)
)
_line(
    "E-13",
    "export_comment_multiline_quoted",
    None,
    comment=MULTILINE_TEXT,
    check=(_export_comment("E-13"), MULTILINE_TEXT),
)
_line(
    "E-14",
    "export_comment_with_email_and_phone",
    None,
    comment=PII_TEXT,
    check=(_export_comment("E-14"), PII_MASKED),
)
# one id twice in a file: the later line wins, the earlier is a duplicate
EXPORT_LINES.append(("E-15", "2025-03-01 10:00", "3", "first"))
_line(
    "E-15",
    "export_duplicate_id_last_line_wins",
    None,
    comment="second",
    check=(_export_comment("E-15"), "second"),
)
_case(
    "export_duplicate_id_earlier_line",
    "survey_export.responses",
    f"{EXPORT_NAME}:bad_inputs.csv:E-15",
    "duplicate_delivery",
)


def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _inject(raw: Path) -> None:
    """Append the bad survey, customer and pulse rows to the generated Parquet files."""
    path = raw / "surveys" / "responses.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    template = next(
        r for r in rows if r["score"] in ("8", "9") and r["submitted_at"] and r["comment"] is None
    )
    extra = []
    for rid, change in SURVEY_ROWS:
        row = dict(template, id=rid, score="9")
        change = dict(change)
        if change.pop("_loaded_later", False):
            row["_loaded_at"] = template["_loaded_at"] + timedelta(hours=1)
        row.update(change)
        extra.append(row)
    pq.write_table(pa.Table.from_pylist(rows + extra, schema=table.schema), path)

    path = raw / "crm" / "customers.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    template = rows[0]
    for row in rows:  # the sign-up time is delivered as text from now on (a connector's type drift)
        row["created_at"] = row["created_at"].isoformat(sep=" ") if row["created_at"] else None
    extra = [{**template, "id": cid, **change} for cid, change in CUSTOMER_ROWS]
    schema = table.schema.set(table.schema.get_field_index("created_at"), pa.field("created_at", pa.string()))
    pq.write_table(pa.Table.from_pylist(rows + extra, schema=schema), path)

    path = raw / "hr" / "pulse_responses.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    for row in rows:
        row["enps_score"] = None if row["enps_score"] is None else str(row["enps_score"])
    # new employees, so no employee answers one wave twice
    extra = [dict(rows[0], id=pid, employee_id=pid, enps_score=score) for pid, score in PULSE_ROWS]
    schema = table.schema.set(table.schema.get_field_index("enps_score"), pa.field("enps_score", pa.string()))
    pq.write_table(pa.Table.from_pylist(rows + extra, schema=schema), path)


@dataclass
class BadWarehouse:
    wh: Warehouse
    rejected: dict[tuple[str, str], set[str]]


@pytest.fixture(scope="module")
def bad_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BadWarehouse]:
    """One warehouse with every row-level case injected, built once."""
    root = tmp_path_factory.mktemp("bad_inputs")
    db = root / "cx_metrics.duckdb"
    generate(GenerateConfig(scale=0.05, seed=11, as_of=date(2026, 1, 31), out_dir=root / "raw"))
    _inject(root / "raw")
    assert main(["load", "--data-dir", str(root / "raw"), "--database", str(db)]) == 0
    csv = root / "bad_inputs.csv"
    csv.write_text(
        HEADER + "".join(",".join([r, s, sc, _csv_field(c)]) + "\n" for r, s, sc, c in EXPORT_LINES),
        encoding="utf-8",
    )
    mapping = root / "mapping.yml"
    mapping.write_text(MAPPING)
    assert main(["import-survey", "--mapping", str(mapping), "--file", str(csv), "--database", str(db)]) == 0
    wh = Warehouse(root, db, root / "target", dbt_env(root), "", False)
    proc = wh.run(str(BIN / "dbt"), "build", "--exclude", "test_type:unit", check=False)
    if proc.returncode != 0:
        pytest.fail(f"dbt build crashed on the bad inputs (exit {proc.returncode}):\n{proc.stdout[-8000:]}")
    con = duckdb.connect(str(db), read_only=True)
    try:
        rejected: dict[tuple[str, str], set[str]] = {}
        for table, key, reason in con.execute(
            "select source_table, record_key, reject_reason from marts.rejected_rows"
        ).fetchall():
            rejected.setdefault((table, key or ""), set()).add(reason)
    finally:
        con.close()
    yield BadWarehouse(wh, rejected)


# Where an accepted row of each source shows up in the marts (by its record key).
MART_KEYS = {
    "surveys.responses": "from marts.fct_survey_responses where response_key = 'surveys:' || ?",
    "survey_export.responses": "from marts.fct_survey_responses where response_key = ?",
    "crm.customers": "from marts.dim_customers where cast(customer_id as varchar) = ?",
    "hr.pulse_responses": "from marts.fct_pulse_responses where cast(pulse_response_id as varchar) = ?",
}


@pytest.mark.integration
@pytest.mark.parametrize("case", ROW_CASES, ids=[c.id for c in ROW_CASES])
def test_row_level_bad_input(case: RowCase, bad_warehouse: BadWarehouse) -> None:
    reasons = bad_warehouse.rejected.get((case.source_table, case.record_key), set())
    con = duckdb.connect(str(bad_warehouse.wh.db_path), read_only=True)
    try:
        in_mart = con.execute("select count(*) " + MART_KEYS[case.source_table], [case.record_key]).fetchone()
        value = con.execute(case.check[0]).fetchone() if case.check else None
    finally:
        con.close()
    if case.reason is None:
        assert in_mart == (1,), f"{case.id}: the valid row did not reach the mart"
        if case.check:
            assert value == (case.check[1],)
        if case.id.endswith("last_line_wins") or case.id.endswith("later_delivery"):
            assert reasons == {"duplicate_delivery"}  # its twin is rejected
        else:
            assert reasons == set(), f"{case.id}: rejected as {reasons}"
        return
    assert case.reason in reasons, (
        f"{case.id}: expected {case.reason}, rejected_rows has {reasons or 'nothing'}"
    )
    if case.reason != "duplicate_delivery":  # a duplicate's key is also the accepted twin's key
        assert in_mart == (0,), f"{case.id}: a rejected row reached the mart unflagged"


@pytest.mark.integration
def test_bad_inputs_leave_the_marts_and_the_salt_untouched(bad_warehouse: BadWarehouse) -> None:
    """The SQL-looking text did not run and the Jinja-looking text was not rendered."""
    con = duckdb.connect(str(bad_warehouse.wh.db_path), read_only=True)
    try:
        nps_rows = con.execute("select count(*) from marts.kpi_nps_monthly").fetchone()
        salt_hits = con.execute(
            "select count(*) from marts.rejected_rows where contains(raw_record, ?)",
            [bad_warehouse.wh.env["CXM_PII_SALT"]],
        ).fetchone()
    finally:
        con.close()
    assert nps_rows and nps_rows[0] > 0
    assert salt_hits == (0,)


def corpus_summary() -> str:
    outcomes = Counter("error" if c.error else "accepted" for c in FILE_CASES)
    outcomes.update("rejected" if c.reason else "accepted" for c in ROW_CASES)
    total = len(FILE_CASES) + len(ROW_CASES)
    return (
        f"bad-input corpus: {total} cases ({len(FILE_CASES)} file-level, {len(ROW_CASES)} row-level): "
        f"{outcomes['error']} clear errors, {outcomes['rejected']} rejected rows with a reason, "
        f"{outcomes['accepted']} odd but valid inputs accepted intact"
    )


def test_corpus_covers_every_kind_of_bad_input() -> None:
    ids = " ".join(c.id for c in [*FILE_CASES, *ROW_CASES])
    for kind in (
        "quote",
        "encoding",
        "empty",
        "huge",
        "emoji",
        "right_to_left",
        "score_with",
        "score_as_word",
        "future",
        "before_1970",
        "duplicate",
        "sql",
        "jinja",
        "text_",
    ):
        assert kind in ids, kind
    print(corpus_summary())
