"""Land raw data in the warehouse the way a connector does: one schema per source.

- `load_raw` lands the generator's Parquet files as raw_<source>.<table> in the DuckDB file.
- `import_survey_export` lands a CSV export of survey answers from another tool in
  raw_survey_export.responses, mapping its columns and date format by a YAML file
  (config/survey_exports/*.yml) rather than by code. Every line of the file is kept: a value
  that cannot be parsed stays as text next to an empty parsed value, and dbt staging turns
  it into a rejected row with a reason.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from cxm.generate import RAW_TABLES
from cxm.timeparse import check_format, check_zone, to_utc_text

RAW_PREFIX = "raw_"
EXPORT_SCHEMA = f"{RAW_PREFIX}survey_export"
EXPORT_TABLE = f"{EXPORT_SCHEMA}.responses"
EXPORT_COLUMNS: dict[str, str] = {
    "response_key": "varchar",
    "export_name": "varchar",
    "source_file": "varchar",
    "source_line": "bigint",
    "survey_type": "varchar",
    "question_id": "varchar",
    "channel": "varchar",
    "touchpoint": "varchar",
    "score": "varchar",
    "comment": "varchar",
    "responded_at_raw": "varchar",
    "responded_at_utc": "varchar",
    "_loaded_at": "timestamp",
}
# Canonical fields a mapping may point at a column of the export.
MAPPABLE = (
    "response_id",
    "responded_at",
    "score",
    "comment",
    "touchpoint",
    "channel",
    "survey_type",
)
REQUIRED = ("responded_at", "score")
# Huge free-text fields are kept for staging to reject (text_too_long), not refused here.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class LoadError(RuntimeError):
    """A clear, user-facing error about input data or the warehouse file."""


# The temporary view a raw Parquet file is read through while it is landed.
INCOMING_VIEW = "cx_incoming_parquet"


def connect(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file, turning DuckDB's lock error into a message that names the cause."""
    path = Path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise LoadError(
                f"the warehouse file {path} is locked by another process "
                f"(a running dbt, mf or cxm command?): {exc}"
            ) from exc
        raise LoadError(f"cannot open the warehouse file {path}: {exc}") from exc
    con.execute("set TimeZone = 'UTC'")
    return con


def ensure_export_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create the landing table for survey exports (empty until something is imported)."""
    con.execute(f"create schema if not exists {EXPORT_SCHEMA}")
    cols = ", ".join(f"{name} {typ}" for name, typ in EXPORT_COLUMNS.items())
    con.execute(f"create table if not exists {EXPORT_TABLE} ({cols})")


def check_raw_files(data_dir: Path) -> None:
    """Raise LoadError naming every generated Parquet file missing under data_dir."""
    missing = [
        f"{s}/{t}.parquet"
        for s, ts in RAW_TABLES.items()
        for t in ts
        if not (data_dir / s / f"{t}.parquet").exists()
    ]
    if missing:
        raise LoadError(
            f"raw data missing in {data_dir}: {', '.join(missing)} "
            "(run `cxm generate` first, or point --data-dir at a generated folder)"
        )


def load_raw(
    data_dir: Path,
    db_path: Path,
    progress: Callable[[str], None] | None = None,
    *,
    append: bool = False,
) -> dict[str, int]:
    """Land the Parquet files under data_dir as raw_<source>.<table>; returns rows landed per table.

    By default every raw table is replaced (a full sync) and every file must exist. With
    append=True the files are one more delivery, appended to what has landed before (as a
    connector's incremental sync does): a table without a file in data_dir gets nothing, a
    table that does not exist yet is created, and a file whose columns differ from the
    landed table is refused with the columns named. All tables land in one transaction, so a
    failed or killed load leaves the warehouse as it was.
    """
    data_dir = Path(data_dir)
    if not append:
        check_raw_files(data_dir)
    present = {
        (s, t): data_dir / s / f"{t}.parquet"
        for s, ts in RAW_TABLES.items()
        for t in ts
        if (data_dir / s / f"{t}.parquet").exists()
    }
    if not present:
        check_raw_files(data_dir)
    counts: dict[str, int] = {}
    con = connect(db_path)
    try:
        con.begin()
        for (source, table), file in present.items():
            con.execute(f"create schema if not exists {RAW_PREFIX}{source}")
            relation = f"{RAW_PREFIX}{source}.{table}"
            # the file is read through DuckDB's API (a temporary view), never spliced into SQL:
            # a folder name with a quote is a folder name, not SQL (README.md#security-and-pii)
            parquet = INCOMING_VIEW
            try:
                con.read_parquet(file.as_posix()).create_view(INCOMING_VIEW, replace=True)
                rows = con.execute(f"select count(*) from {parquet}").fetchone()
            except duckdb.Error as exc:
                raise LoadError(f"raw file {file.as_posix()} is not a readable Parquet file: {exc}") from exc
            if not append and (not rows or rows[0] == 0):
                # A full sync never delivers an empty table: refuse to replace the landed one
                # (an empty delivery appended is fine: nothing new landed).
                raise LoadError(f"raw file {file.as_posix()} has no rows; {relation} was kept")
            if append and _table_exists(con, f"{RAW_PREFIX}{source}", table):
                _check_same_columns(con, relation, parquet, file)
                con.execute(f"insert into {relation} by name select * from {parquet}")
            else:
                con.execute(f"create or replace table {relation} as select * from {parquet}")
            con.execute(f"drop view {INCOMING_VIEW}")
            counts[f"{source}.{table}"] = int(rows[0]) if rows else 0
            if progress:
                verb = "appended to" if append else "loaded"
                progress(f"{verb} {relation}: {counts[f'{source}.{table}']:,} rows")
        ensure_export_table(con)
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        raise LoadError(f"loading {data_dir} into {db_path} failed, nothing was landed: {exc}") from exc
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return counts


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


def _columns(con: duckdb.DuckDBPyConnection, query: str) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in con.execute(f"describe {query}").fetchall()}


def _check_same_columns(con: duckdb.DuckDBPyConnection, relation: str, parquet: str, file: Path) -> None:
    landed = _columns(con, f"select * from {relation}")
    incoming = _columns(con, f"select * from {parquet}")
    if landed == incoming:
        return
    added = sorted(set(incoming) - set(landed))
    dropped = sorted(set(landed) - set(incoming))
    retyped = sorted(
        f"{c} {landed[c]} -> {incoming[c]}" for c in set(landed) & set(incoming) if landed[c] != incoming[c]
    )
    raise LoadError(
        f"cannot append {file} to {relation}: its columns differ from the landed table "
        f"(new: {added or 'none'}; missing: {dropped or 'none'}; changed type: {retyped or 'none'}). "
        "Land it with a full load (`cxm load` without --append) after updating the sources YAML."
    )


@dataclass(frozen=True)
class ExportMapping:
    """How one tool's CSV export maps onto the canonical survey-answer columns."""

    name: str
    columns: dict[str, str]
    timestamp_format: str
    timezone: str = "UTC"
    delimiter: str = ","
    encoding: str = "utf-8"
    constants: dict[str, str] | None = None

    @classmethod
    def from_yaml(cls, path: Path) -> ExportMapping:
        try:
            raw: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise LoadError(f"cannot read export mapping {path}: {exc}") from exc
        if not isinstance(raw, dict):
            raise LoadError(f"export mapping {path} is not a YAML mapping of keys (name, columns, ...)")
        for key in ("name", "columns", "timestamp_format"):
            if key not in raw:
                raise LoadError(f"export mapping {path} lacks the key '{key}'")
        if not isinstance(raw["columns"], dict) or not isinstance(raw.get("constants") or {}, dict):
            raise LoadError(f"export mapping {path}: columns and constants must be mappings (key: value)")
        columns = {str(k): str(v) for k, v in raw["columns"].items()}
        unknown = sorted(set(columns) - set(MAPPABLE))
        if unknown:
            raise LoadError(
                f"export mapping {path}: unknown canonical column(s) {unknown}; mappable are {list(MAPPABLE)}"
            )
        constants = {str(k): str(v) for k, v in (raw.get("constants") or {}).items()}
        for req in REQUIRED:
            if req not in columns:
                raise LoadError(f"export mapping {path}: columns.{req} is required")
        if "survey_type" not in columns and "survey_type" not in constants:
            raise LoadError(f"export mapping {path}: give survey_type as a column or a constant")
        if "question_id" not in constants:
            raise LoadError(f"export mapping {path}: constants.question_id is required (e.g. nps_0_10)")
        problems = [
            p
            for p in (check_format(str(raw["timestamp_format"])), check_zone(str(raw.get("timezone", "UTC"))))
            if p
        ]
        if problems:
            raise LoadError(f"export mapping {path}: {'; '.join(problems)}")
        return cls(
            name=str(raw["name"]),
            columns=columns,
            timestamp_format=str(raw["timestamp_format"]),
            timezone=str(raw.get("timezone", "UTC")),
            delimiter=str(raw.get("delimiter", ",")),
            encoding=str(raw.get("encoding", "utf-8")),
            constants=constants,
        )


def _decode_export(csv_path: Path, encoding: str) -> str:
    try:
        data = csv_path.read_bytes()
    except FileNotFoundError as exc:
        raise LoadError(f"survey export not found: {csv_path}") from exc
    except OSError as exc:
        raise LoadError(f"cannot read survey export {csv_path}: {exc}") from exc
    if not data.strip():
        raise LoadError(f"survey export {csv_path} is empty")
    if b"\x00" in data:
        raise LoadError(
            f"survey export {csv_path} contains NUL bytes: it is binary or UTF-16, not a "
            f"{encoding} text CSV (re-export it as CSV, or set `encoding:` in the mapping)"
        )
    # Excel writes a byte-order mark before UTF-8 CSVs; it is not part of the first column name.
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LoadError(
            f"survey export {csv_path} is not valid {encoding} (byte {exc.start}, line {line}): "
            f"set `encoding:` in the mapping to the file's encoding (e.g. cp1252, latin-1)"
        ) from exc
    except LookupError as exc:
        raise LoadError(f"unknown encoding {encoding!r} in the export mapping") from exc


def _read_export(csv_path: Path, mapping: ExportMapping) -> pd.DataFrame:
    """Read a CSV export strictly: broken quoting, ragged lines and repeated column names are
    clear errors naming the line, never silently shifted columns."""
    text = _decode_export(csv_path, mapping.encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            if record:  # blank lines are skipped
                records.append(record)
    except csv.Error as exc:
        raise LoadError(
            f"survey export {csv_path} is not well-formed CSV near line {reader.line_num}: {exc} "
            "(an unclosed or stray quote?)"
        ) from exc
    if not records:
        raise LoadError(f"survey export {csv_path} is empty")
    header, lines = records[0], records[1:]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise LoadError(f"survey export {csv_path} repeats column name(s) {repeated} in its header")
    if not lines:
        raise LoadError(f"survey export {csv_path} has a header but no answer lines")
    for number, record in enumerate(lines, start=2):
        if len(record) != len(header):
            raise LoadError(
                f"survey export {csv_path}: record {number} has {len(record)} fields, the header "
                f"has {len(header)} (delimiter {mapping.delimiter!r}; a stray delimiter or quote?)"
            )
    df = pd.DataFrame(lines, columns=header, dtype=str)
    missing = [col for col in mapping.columns.values() if col not in df.columns]
    if missing:
        raise LoadError(
            f"survey export {csv_path} lacks column(s) {missing} named in mapping "
            f"'{mapping.name}'; its columns are {list(df.columns)}"
        )
    return df


# An e-mail address: the same shape cx_mask_pii_in_text masks (macros/cross_db/cx_pii.sql).
_EMAIL = r"[^@<>(),;:\"\s]+@[^@<>(),;:\"\s]+\.[^@<>(),;:\"\s.]{2,}"


def _refuse_personal_ids(ids: pd.Series, mapping: ExportMapping, csv_path: Path) -> None:
    """An answer's id becomes its key in the marts and in rejected_rows, so it must not be
    personal data: a column of e-mail addresses mapped as response_id is refused, naming the
    column and lines but not the addresses (README.md#security-and-pii)."""
    emails = ids.astype(str).str.contains(_EMAIL, regex=True, na=False)
    if emails.any():
        first = int(emails.to_numpy().nonzero()[0][0]) + 2  # line 1 is the header
        raise LoadError(
            f"survey export {csv_path}: column '{mapping.columns['response_id']}' mapped as response_id "
            f"holds e-mail addresses on {int(emails.sum())} line(s), first on line {first}; an answer's id "
            "becomes its key in the marts and must not be personal data: map the survey tool's own "
            "response id (or leave response_id out: the line number is used)"
        )


def survey_export_frame(
    mapping_path: Path, csv_path: Path, *, loaded_at: datetime | None = None
) -> tuple[ExportMapping, pd.DataFrame]:
    """The rows one CSV export lands as, in the columns of EXPORT_COLUMNS (any warehouse)."""
    mapping = ExportMapping.from_yaml(mapping_path)
    df = _read_export(Path(csv_path), mapping)
    n = len(df)
    if loaded_at is not None and loaded_at.tzinfo is not None:
        loaded_at = loaded_at.astimezone(UTC).replace(tzinfo=None)
    constants = mapping.constants or {}

    def col(field: str) -> pd.Series:
        if field in mapping.columns:
            return df[mapping.columns[field]]
        return pd.Series([constants.get(field)] * n, dtype=object)

    lines = pd.Series(range(2, n + 2), dtype="int64")  # line 1 is the header
    file_name = Path(csv_path).name
    ids = col("response_id") if "response_id" in mapping.columns else lines.astype(str)
    _refuse_personal_ids(ids, mapping, csv_path)
    out = pd.DataFrame(
        {
            "response_key": mapping.name + ":" + file_name + ":" + ids.astype(str),
            "export_name": mapping.name,
            "source_file": file_name,
            "source_line": lines,
            "survey_type": col("survey_type"),
            "question_id": constants["question_id"],
            "channel": col("channel"),
            "touchpoint": col("touchpoint"),
            "score": col("score"),
            "comment": col("comment"),
            "responded_at_raw": col("responded_at"),
            "responded_at_utc": to_utc_text(col("responded_at"), mapping.timestamp_format, mapping.timezone),
            "_loaded_at": loaded_at or datetime.now(UTC).replace(tzinfo=None),
        }
    )
    return mapping, out


def import_survey_export(
    db_path: Path,
    mapping_path: Path,
    csv_path: Path,
    *,
    replace: bool = True,
    loaded_at: datetime | None = None,
) -> dict[str, int]:
    """Land one CSV export; returns {'lines': n, 'unparsed_times': n}.

    With replace=True, rows previously imported from the same export name and file are
    replaced, so importing the same file twice does not double it. `loaded_at` (UTC) defaults
    to now.
    """
    mapping, out = survey_export_frame(mapping_path, csv_path, loaded_at=loaded_at)
    file_name = Path(csv_path).name
    con = connect(db_path)
    try:
        # one transaction: a failed or killed re-import keeps the lines imported before
        con.begin()
        ensure_export_table(con)
        if replace:
            con.execute(
                f"delete from {EXPORT_TABLE} where export_name = ? and source_file = ?",
                [mapping.name, file_name],
            ).fetchall()
        con.register("export_df", out)
        con.execute(f"insert into {EXPORT_TABLE} by name select * from export_df").fetchall()
        con.unregister("export_df")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return {"lines": len(out), "unparsed_times": int(out["responded_at_utc"].isna().sum())}


def write_manifest(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=True))
