"""Personal data never leaves staging in clear (README.md#security-and-pii).

- no name, e-mail address or phone number of the raw data appears in any table or view dbt
  builds (staging, intermediate, marts; marts.rejected_rows included), and no text column
  there holds an e-mail address or an international phone number at all;
- hashes are sha256(salt || normalised value), stable, so a hashed column still joins;
- the salt itself is in no table and no view definition;
- without CXM_PII_SALT dbt refuses to compile a hashing model, with a message naming it;
- PII columns carry the `pii` tag (that only governed marts are public is a dbt-score rule,
  dbt_score_rules/conventions.py, run by `make validate`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pytest

from .conftest import BIN, Warehouse

pytestmark = pytest.mark.integration

BUILT_SCHEMAS = ("staging", "intermediate", "marts")
# The same patterns as macros/cross_db/cx_pii.sql (e-mail; international phone numbers).
EMAIL = r'[^@<>(),;:" \t\r\n]+@[^@<>(),;:" \t\r\n]+[.][^@<>(),;:" \t\r\n.]{2,}'
INTERNATIONAL_PHONE = r"[+][0-9][0-9 ()./-]{6,}[0-9]"
# Columns that hold personal data (hashed, masked or raw) and must be tagged `pii`.
PII_MODEL_COLUMNS = {
    "full_name_hash",
    "email_hash",
    "phone_hash",
    "employee_id_hash",
    "anonymous_id_hash",
    "comment_text",
    "body_text",
    "subject",
}
# raw_record holds a protected copy of the whole raw row: tagged where the row has personal data.
PII_RAW_RECORD_MODELS = {
    "base_crm__customers",
    "base_surveys__responses",
    "base_survey_export__responses",
    "base_helpdesk__tickets",
    "base_helpdesk__ticket_events",
    "base_hr__pulse_responses",
    "base_web__sessions",
    "int_survey_responses_joined",
    "rejected_rows",
}
PII_SOURCE_COLUMNS = {
    "full_name",
    "email",
    "phone",
    "employee_id",
    "anonymous_id",
    "comment",
    "body",
    "subject",
}


def _connect(wh: Warehouse) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(wh.db_path), read_only=True)
    con.execute("set TimeZone = 'UTC'")
    return con


@cache
def _manifest(target: Path) -> dict[str, Any]:
    return json.loads((target / "manifest.json").read_text())


def _text_columns(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[str]]:
    rows = con.execute(
        f"""select table_schema, table_name, column_name from information_schema.columns
            where table_schema in {BUILT_SCHEMAS} and data_type = 'VARCHAR'
            order by 1, 2, ordinal_position"""
    ).fetchall()
    out: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in rows:
        out.setdefault((schema, table), []).append(column)
    return out


def _leaks(con: duckdb.DuckDBPyConnection, pattern: str) -> list[str]:
    """Every built column where some value matches the pattern, with an example value."""
    found = []
    for (schema, table), columns in _text_columns(con).items():
        for column in columns:
            hit = con.execute(
                f'select "{column}" from {schema}.{table} where regexp_matches("{column}", ?) limit 1',
                [pattern],
            ).fetchone()
            if hit:
                found.append(f"{schema}.{table}.{column}: {str(hit[0])[:120]!r}")
    return found


def test_raw_data_does_contain_the_pii_the_scan_looks_for(warehouse: Warehouse) -> None:
    """The scan below would find something: the raw data holds names, e-mails and phones,
    also inside free text (the generator writes them into comments on purpose)."""
    con = _connect(warehouse)
    try:
        in_comments = con.execute(
            """select count(*) filter (where regexp_matches(comment, ?)),
                      count(*) filter (where regexp_matches(comment, ?))
               from raw_surveys.responses""",
            [EMAIL, INTERNATIONAL_PHONE],
        ).fetchone()
        customers = con.execute("select count(email), count(phone) from raw_crm.customers").fetchone()
    finally:
        con.close()
    assert in_comments and in_comments[0] > 0 and in_comments[1] > 0
    assert customers and customers[0] > 0 and customers[1] > 0


def test_no_email_address_or_phone_number_in_any_built_table(warehouse: Warehouse) -> None:
    con = _connect(warehouse)
    try:
        leaks = _leaks(con, EMAIL) + _leaks(con, INTERNATIONAL_PHONE)
    finally:
        con.close()
    assert leaks == []


def test_no_raw_name_email_or_phone_value_in_any_built_table(warehouse: Warehouse) -> None:
    con = _connect(warehouse)
    try:
        raw = con.execute(
            "select list(distinct full_name), list(distinct phone) from raw_crm.customers"
        ).fetchone()
        assert raw
        names = [n for n in raw[0] if n]
        phones = [re.sub(r"[^0-9]", "", p) for p in raw[1] if p]
        assert len(names) > 10 and len(phones) > 10
        # names in any letter case; phones also as bare digits (without + or spaces)
        name_pattern = "(?i)(" + "|".join(re.escape(n) for n in names) + ")"
        phone_pattern = "(" + "|".join(p for p in phones if len(p) >= 7) + ")"
        leaks = _leaks(con, name_pattern) + _leaks(con, phone_pattern)
    finally:
        con.close()
    assert leaks == []


def test_hashes_are_salted_sha256_of_the_normalised_value_and_stable(warehouse: Warehouse) -> None:
    salt = warehouse.env["CXM_PII_SALT"]
    con = _connect(warehouse)
    try:
        rows = con.execute(
            """select raw.full_name, raw.email, raw.phone, stg.full_name_hash, stg.email_hash, stg.phone_hash
               from staging.stg_crm__customers as stg
               join raw_crm.customers as raw on raw.id = stg.customer_id
               where raw.email is not null and raw.phone is not null
               order by stg.customer_id limit 50"""
        ).fetchall()
        employees = con.execute(
            """select count(distinct raw.employee_id), count(distinct stg.employee_id_hash),
                      min(raw.employee_id), min_by(stg.employee_id_hash, raw.employee_id)
               from staging.stg_hr__pulse_responses as stg
               join raw_hr.pulse_responses as raw on raw.id = stg.pulse_response_id"""
        ).fetchone()
    finally:
        con.close()

    def h(value: str) -> str:
        return hashlib.sha256((salt + value).encode()).hexdigest()

    assert len(rows) == 50
    for name, email, phone, name_h, email_h, phone_h in rows:
        assert name_h == h(" ".join(name.lower().split()))
        assert email_h == h(email.strip().lower())
        assert phone_h == h(re.sub(r"[^0-9]", "", phone))
    # one employee, one hash, in every wave: the hashed id still groups and joins
    assert employees and employees[0] == employees[1] > 0
    assert employees[3] == h(str(employees[2]))


def test_the_salt_is_in_no_table_and_no_view_definition(warehouse: Warehouse) -> None:
    salt = warehouse.env["CXM_PII_SALT"]
    con = _connect(warehouse)
    try:
        views = con.execute(
            "select count(*) from duckdb_views() where not internal and contains(sql, ?)", [salt]
        ).fetchone()
        leaks = _leaks(con, re.escape(salt))
    finally:
        con.close()
    assert views == (0,)
    assert leaks == []


def test_the_salt_is_in_no_log_and_no_compiled_file(warehouse: Warehouse) -> None:
    """dbt writes every statement to logs/dbt.log and target/run/: the salt reaches DuckDB as a
    bound session variable (src/cxm/dbt_duckdb_plugin.py), so no file of a build holds it."""
    salt = warehouse.env["CXM_PII_SALT"].encode()
    scanned, holding = 0, []
    for folder in (warehouse.root / "logs", warehouse.target_path):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".log", ".sql", ".json", ".html", ".txt", ".yml"}:
                scanned += 1
                if salt in path.read_bytes():
                    holding.append(str(path.relative_to(warehouse.root)))
    assert scanned > 50, "the build wrote no logs or compiled files to scan"
    assert (warehouse.root / "logs" / "dbt.log").exists()
    assert holding == []


def test_compiling_without_a_salt_is_a_clear_error(warehouse: Warehouse, tmp_path: Path) -> None:
    env = {k: v for k, v in warehouse.env.items() if k != "CXM_PII_SALT"}
    env.update({"DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")})
    for salt in (None, "short"):
        if salt:
            env["CXM_PII_SALT"] = salt
        proc = warehouse.run(
            str(BIN / "dbt"), "compile", "--select", "base_crm__customers", check=False, env=env
        )
        assert proc.returncode != 0
        assert "CXM_PII_SALT is not set or shorter than 16 characters" in proc.stdout
        assert "Traceback" not in proc.stdout + proc.stderr


def test_pii_columns_carry_the_pii_tag(warehouse: Warehouse) -> None:
    manifest = _manifest(warehouse.target_path)
    untagged = []
    checked = 0
    for node in [*manifest["nodes"].values(), *manifest["sources"].values()]:
        if node["resource_type"] not in ("model", "source"):
            continue
        names = PII_MODEL_COLUMNS if node["resource_type"] == "model" else PII_SOURCE_COLUMNS
        if node["name"] in PII_RAW_RECORD_MODELS:
            names = names | {"raw_record"}
        for column in node["columns"].values():
            if column["name"] in names:
                checked += 1
                if "pii" not in column.get("tags", []):
                    untagged.append(f"{node['unique_id']}.{column['name']}")
    assert checked > 20
    assert untagged == []


# Phone numbers as customers write them, national forms with spaces, dots, dashes or slashes.
PHONES = [
    "+33 6 12 34 56 78",
    "+49 (0)30 1234567",
    "+1 (555) 123-4567",
    "06 12 34 56 78",
    "01.23.45.67.89",
    "06-12-34-56-78",
    "030 12345678",
    "0171 1234567",
    "089/1234-5678",
    "020 7946 0958",
    "07700 900123",
    "612 34 56 78",
    "612 345 678",
    "91 123 45 67",
    "(555) 123-4567",
    "555.123.4567",
    "601-234-567",
    "5551234567",
]
# Numbers that are not phones and must stay as written (dates, times, amounts, codes).
NOT_PHONES = [
    "2024-05-12 14:30:00",
    "05.12.2024 14:30",
    "12/05/2024",
    "12-05-2024 14:30",
    "1 299,00 EUR",
    "75001 Paris",
    "order 12345678",
    "ref 2024/05",
    "3 items, 2 returned",
    "version 1.2.3",
]


@cache
def _phone_pattern(tmp: Path) -> str:
    """The masking pattern exactly as dbt compiles it from macros/cross_db/cx_pii.sql."""
    env = dict(os.environ)
    env.update(
        {
            "CXM_DUCKDB_PATH": str(tmp / "compile.duckdb"),
            "DBT_TARGET_PATH": str(tmp / "target"),
            "DBT_LOG_PATH": str(tmp / "logs"),
            "DBT_PROFILES_DIR": str(Path(__file__).resolve().parents[1]),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
    )
    proc = subprocess.run(
        [str(BIN / "dbt"), "compile", "--inline", "{{ cx_pii_phone_pattern() }}", "--output", "json"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout[proc.stdout.index("{") :])["compiled"]


def test_national_phone_formats_are_masked_and_dates_amounts_and_codes_are_not(tmp_path: Path) -> None:
    pattern = _phone_pattern(tmp_path)
    con = duckdb.connect()
    masked = dict(
        con.execute(
            "select t, regexp_replace(t, ?, '<phone>', 'g') from unnest(?) as u(t)",
            [pattern, [f"call me on {p} please" for p in PHONES + NOT_PHONES]],
        ).fetchall()
    )
    for phone in PHONES:
        assert masked[f"call me on {phone} please"] == "call me on <phone> please", phone
    for text in NOT_PHONES:
        assert masked[f"call me on {text} please"] == f"call me on {text} please", text


def test_a_build_without_a_salt_stops_before_any_node(warehouse: Warehouse, tmp_path: Path) -> None:
    """The salt is checked by on-run-start: no seed, model or test starts without it."""
    env = {k: v for k, v in warehouse.env.items() if k != "CXM_PII_SALT"}
    env.update({"DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")})
    proc = warehouse.run(str(BIN / "dbt"), "build", check=False, env=env)
    assert proc.returncode != 0
    assert "CXM_PII_SALT is not set or shorter than 16 characters" in proc.stdout
    assert "on-run-start" in proc.stdout
    assert "START seed" not in proc.stdout and "START sql" not in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
