"""`cxm import --mapping M --file F`: land any company export in any declared raw table.

A mapping (YAML, see config/imports/ and README "Bring your own data") says, per target raw
table of the sources YAML (the one list, cxm.sources):
- `columns`: target column <- export column (renames); `constants`: values the same on
  every line; `values`: per target column, a map of export values to project values;
- `timestamp_format` / `timezone`: how the export writes times (cxm.timeparse; the DST rules
  are in DECISIONLOG.md#local-times-at-dst-changes);
- `keys`: export columns whose ids are not numbers (hex ids, account names, e-mails): each
  value becomes a stable 60-bit key (sha256 of the trimmed text), the same in every table
  and every import, so an order id links orders, items, payments, deliveries and reviews;
- `joins`: other files of the same export (e.g. the order file for reviews), joined by a
  column, so a review's answer is linked to its order and the order's customer;
- `derive: conversation`: a thread export with reply-to links becomes tickets + messages
  (cxm.conversations; the customer-vs-agent rule is documented there);
- `where`: keep only lines whose (derived) column has the given value, per table.

Every import is one transaction over all its tables, and keyed by content
(DECISIONLOG.md#import-mappings): a row lands unless an identical row (every declared column
but `_loaded_at`) has landed before, so re-importing the same content changes nothing and an
overlapping export adds only its new lines. A corrected line (same key, new content) lands as
a later delivery, and staging keeps the latest (`duplicate_delivery` for the older one).
Nothing depends on the file's name. A mapping is validated before any data is read: clear
errors name the problem (delimiter, encoding, time zone, format directive, unknown table or
column, oversized YAML or aliases).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from cxm.load import LoadError, connect
from cxm.sources import RawTable, duckdb_type, raw_tables
from cxm.timeparse import check_format, check_zone, to_utc_text

MAX_MAPPING_BYTES = 256 * 1024
FORMATS = ("csv", "jsonl", "json", "parquet")
# free text keeps its own spacing (staging decides what is blank); every other value is trimmed
FREE_TEXT = frozenset({"comment", "body", "subject"})
TRUE_TEXT = frozenset({"true", "t", "yes", "y", "1"})
FALSE_TEXT = frozenset({"false", "f", "no", "n", "0"})


class MappingError(LoadError):
    """A mapping that cannot be used, with the reason."""


@dataclass(frozen=True)
class TableMapping:
    table: RawTable
    columns: dict[str, str]
    constants: dict[str, Any]
    values: dict[str, dict[str, Any]]
    where: dict[str, str]
    first_by: str | None = None


@dataclass(frozen=True)
class ImportMapping:
    name: str
    path: Path
    tables: list[TableMapping]
    file_format: str | None = None
    delimiter: str = ","
    encoding: str = "utf-8"
    timestamp_format: str = "ISO8601"
    timezone: str = "UTC"
    keys: tuple[str, ...] = ()
    joins: tuple[dict[str, str], ...] = ()  # file, on, sum (comma-separated columns to add up)
    derive: str | None = None
    conversation: dict[str, Any] = field(default_factory=dict)
    combine: dict[str, list[str]] = field(default_factory=dict)


def read_yaml_safely(path: Path) -> dict[str, Any]:
    """A YAML mapping file: small, without anchors or aliases (no alias bombs), a mapping."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise MappingError(f"cannot read export mapping {path}: {exc}") from exc
    if len(data) > MAX_MAPPING_BYTES:
        raise MappingError(
            f"mapping {path} is {len(data):,} bytes; a mapping is at most {MAX_MAPPING_BYTES:,}"
        )
    text = data.decode("utf-8", errors="replace")
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise MappingError(f"mapping {path} uses YAML anchors/aliases (& or *): write values out")
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(f"cannot read export mapping {path}: it is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise MappingError(f"mapping {path} is not a YAML mapping of keys (name, tables, ...)")
    return raw


def _str_map(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"{where} must be a mapping (key: value)")
    return {str(k): v for k, v in value.items()}


def _check_options(raw: dict[str, Any], path: Path) -> list[str]:
    problems = []
    delimiter = str(raw.get("delimiter", ","))
    if len(delimiter) != 1 or delimiter in '"\r\n':
        problems.append(f"delimiter {delimiter!r} must be one character, not a quote or line break")
    encoding = str(raw.get("encoding", "utf-8"))
    try:
        codecs.lookup(encoding)
    except LookupError:
        problems.append(f"unknown encoding {encoding!r} (e.g. utf-8, utf-16, cp1252, latin-1)")
    fmt = raw.get("file_format")
    if fmt is not None and fmt not in FORMATS:
        problems.append(f"file_format {fmt!r} is not one of {list(FORMATS)}")
    problems += [p for p in (check_format(str(raw.get("timestamp_format", "ISO8601"))),) if p]
    problems += [p for p in (check_zone(str(raw.get("timezone", "UTC"))),) if p]
    if raw.get("derive") not in (None, "conversation"):
        problems.append(f"derive {raw.get('derive')!r} is unknown (conversation)")
    return problems


def _table_mapping(name: str, spec: Any, path: Path) -> TableMapping:
    tables = raw_tables()
    if name not in tables:
        raise MappingError(f"mapping {path}: unknown raw table {name!r}; declared are {sorted(tables)}")
    table = tables[name]
    spec = _str_map(spec, f"mapping {path}: tables.{name}")
    columns = {k: str(v) for k, v in _str_map(spec.get("columns"), f"tables.{name}.columns").items()}
    constants = _str_map(spec.get("constants"), f"tables.{name}.constants")
    values = {
        k: _str_map(v, f"tables.{name}.values.{k}") for k, v in _str_map(spec.get("values"), "values").items()
    }
    where = {k: str(v) for k, v in _str_map(spec.get("where"), f"tables.{name}.where").items()}
    unknown = sorted((set(columns) | set(constants) | set(values)) - set(table.columns))
    if unknown:
        raise MappingError(
            f"mapping {path}: {name} has no column(s) {unknown}; its columns are {list(table.columns)}"
        )
    if table.key not in columns and table.key not in constants:
        raise MappingError(f"mapping {path}: {name} needs its key column {table.key!r} mapped")
    first_by = spec.get("one_row_per_key_first_by")
    if first_by is not None and str(first_by) not in table.columns:
        raise MappingError(f"mapping {path}: {name}.one_row_per_key_first_by: no column {first_by!r}")
    return TableMapping(table, columns, constants, values, where, None if first_by is None else str(first_by))


def load_mapping(path: Path) -> ImportMapping:
    """Read and validate a mapping before any data is read."""
    raw = read_yaml_safely(path)
    if "name" not in raw or "tables" not in raw:
        raise MappingError(f"mapping {path} needs `name` (the export's id) and `tables`")
    problems = _check_options(raw, path)
    if problems:
        raise MappingError(f"mapping {path}: " + "; ".join(problems))
    tables = [_table_mapping(str(k), v, path) for k, v in _str_map(raw["tables"], "tables").items()]
    if not tables:
        raise MappingError(f"mapping {path}: `tables` is empty")
    # YAML 1.1 reads a bare `on` key as true: accept it either way
    joins = tuple(
        {
            "file": str(j["file"]),
            "on": str(j.get("on", j.get(True))),
            "sum": ",".join(map(str, j.get("sum") or [])),
        }
        for j in (raw.get("joins") or [])
        if isinstance(j, dict) and "file" in j and ("on" in j or True in j)
    )
    if len(joins) != len(raw.get("joins") or []):
        raise MappingError(f"mapping {path}: every join needs `file` and `on`")
    return ImportMapping(
        name=str(raw["name"]),
        path=Path(path),
        tables=tables,
        file_format=raw.get("file_format"),
        delimiter=str(raw.get("delimiter", ",")),
        encoding=str(raw.get("encoding", "utf-8")),
        timestamp_format=str(raw.get("timestamp_format", "ISO8601")),
        timezone=str(raw.get("timezone", "UTC")),
        keys=tuple(str(k) for k in raw.get("keys") or []),
        joins=joins,
        derive=raw.get("derive"),
        conversation=_str_map(raw.get("conversation"), "conversation"),
        combine={k: [str(c) for c in v] for k, v in _str_map(raw.get("combine"), "combine").items()},
    )


def decode_text(path: Path, encoding: str) -> str:
    """The file's text: a byte-order mark (UTF-8, UTF-16) decides over the mapping's encoding."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise LoadError(f"export not found: {path}") from exc
    except OSError as exc:
        raise LoadError(f"cannot read export {path}: {exc}") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    elif data.startswith(codecs.BOM_UTF8) or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        codec = "utf-8-sig"
    else:
        codec = encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LoadError(
            f"export {path} is not valid {codec} (byte {exc.start}, line {line}): set `encoding:` "
            "in the mapping to the file's encoding (e.g. cp1252, latin-1, utf-16)"
        ) from exc
    if "\x00" in text:
        raise LoadError(
            f"export {path} contains NUL characters: it is binary, or its encoding is not {codec}"
        )
    if not text.strip():
        raise LoadError(f"export {path} is empty")
    return text


def _read_csv(path: Path, mapping: ImportMapping) -> pd.DataFrame:
    text = decode_text(path, mapping.encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter, strict=True)
    try:
        records = [r for r in reader if r]
    except csv.Error as exc:
        raise LoadError(f"export {path} is not well-formed CSV near line {reader.line_num}: {exc}") from exc
    if len(records) < 2:
        raise LoadError(f"export {path} has no lines after its header")
    header = records[0]
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise LoadError(f"export {path} repeats column name(s) {repeated} in its header")
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            raise LoadError(
                f"export {path}: record {number} has {len(record)} fields, the header has {len(header)} "
                f"(delimiter {mapping.delimiter!r}; a stray delimiter or quote?)"
            )
    return pd.DataFrame(records[1:], columns=header, dtype=object)


def read_export(path: Path, mapping: ImportMapping) -> pd.DataFrame:
    """Every line of the export as text (None for a missing value); `_line` is its number."""
    fmt = mapping.file_format or path.suffix.lower().lstrip(".")
    if fmt == "ndjson":
        fmt = "jsonl"
    if fmt not in FORMATS:
        raise LoadError(f"export {path}: cannot tell its format; set file_format: one of {list(FORMATS)}")
    if fmt == "csv":
        df = _read_csv(path, mapping)
        first_line = 2
    elif fmt == "parquet":
        try:
            df = pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            raise LoadError(f"export {path} is not a readable Parquet file: {exc}") from exc
        first_line = 1
    else:
        text = decode_text(path, mapping.encoding)
        try:
            records = (
                [json.loads(line) for line in text.splitlines() if line.strip()]
                if fmt == "jsonl"
                else json.loads(text)
            )
        except json.JSONDecodeError as exc:
            raise LoadError(f"export {path} is not valid {fmt.upper()}: {exc}") from exc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise LoadError(f"export {path}: expected a list of objects (one per line)")
        df = pd.DataFrame.from_records(records)
        first_line = 1
    if df.empty:
        raise LoadError(f"export {path} has no lines")
    df = df.astype(object).where(df.notna(), None)
    df = df.map(
        lambda v: (
            v if v is None or isinstance(v, str) else json.dumps(v) if isinstance(v, dict | list) else str(v)
        )
    )
    df["_line"] = range(first_line, first_line + len(df))
    return df


def stable_key(value: Any) -> int | None:
    """A non-numeric id -> a stable positive 60-bit integer key; empty -> None (missing_key)."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16)


def _join(df: pd.DataFrame, mapping: ImportMapping, export: Path) -> pd.DataFrame:
    """Bring in the columns of the other files of the export (e.g. the order of a review)."""
    for join in mapping.joins:
        other_path = (export.parent / join["file"]).resolve()
        other = read_export(other_path, mapping).drop(columns="_line")
        on = join["on"]
        if on not in df.columns or on not in other.columns:
            raise MappingError(f"join on {on!r}: the column is missing in {export.name} or {other_path.name}")
        sums = [c for c in join["sum"].split(",") if c]
        if sums:
            # many lines per key (e.g. the payments of an order): add the listed columns up
            numbers = other[sums].apply(lambda s: pd.to_numeric(s, errors="coerce"))
            other = numbers.groupby(other[on]).sum(min_count=1).reset_index()
            other[sums] = other[sums].map(lambda v: None if pd.isna(v) else repr(float(v)))
        other = other.drop_duplicates(subset=on, keep="first")
        new_cols = [c for c in other.columns if c not in df.columns or c == on]
        df = df.merge(other[new_cols], on=on, how="left", validate="many_to_one")
    return df


def _apply_keys(df: pd.DataFrame, mapping: ImportMapping) -> pd.DataFrame:
    missing = [k for k in mapping.keys if k not in df.columns]
    if missing:
        raise MappingError(
            f"keys {missing} are not columns of the export; its columns are {list(df.columns)}"
        )
    for column in mapping.keys:
        df[f"{column}__text"] = df[column]
        df[column] = pd.Series([stable_key(v) for v in df[column]], index=df.index, dtype=object)
    return df


def _bad_lines(df: pd.DataFrame, mask: pd.Series, source: str) -> str:
    sample = df.loc[mask, ["_line", source]].head(3).itertuples(index=False)
    return ", ".join(f"line {line}: {value!r}" for line, value in sample)


def _typed(
    df: pd.DataFrame, source: str, values: pd.Series, target: str, data_type: str, m: ImportMapping
) -> Any:
    kind = data_type.lower()
    text = values.map(lambda v: v if v is None or not isinstance(v, str) else v.strip() or None)
    if kind in ("bigint", "integer", "int", "long", "double", "float"):
        number = pd.to_numeric(text, errors="coerce")
        bad = text.notna() & number.isna()
        if kind not in ("double", "float"):
            bad |= number.notna() & (number != number.round())
        if bad.any():
            raise MappingError(
                f"{m.name}: {target} is {kind} but {int(bad.sum())} value(s) are not numbers "
                f"({_bad_lines(df, bad, source)}); list the column under `keys:` if these are ids"
            )
        return number.astype("Int64") if kind not in ("double", "float") else number.astype("Float64")
    if kind == "boolean":
        low = text.map(lambda v: None if v is None else str(v).lower())
        bad = low.notna() & ~low.isin(TRUE_TEXT | FALSE_TEXT)
        if bad.any():
            raise MappingError(f"{m.name}: {target} is boolean but has {_bad_lines(df, bad, source)}")
        return low.map(lambda v: None if v is None else v in TRUE_TEXT).astype("boolean")
    if kind == "date":
        fmt = m.timestamp_format
        return pd.to_datetime(text, format=fmt, errors="coerce").dt.date.astype(object)
    if kind == "timestamp":
        return pd.to_datetime(to_utc_text(text, m.timestamp_format, m.timezone), format="%Y-%m-%d %H:%M:%S")
    if target.endswith("_at"):
        # a time kept as text (staging parses it by row): UTC with its offset, or the raw text
        utc = to_utc_text(text, m.timestamp_format, m.timezone)
        return utc.map(lambda v: None if v is None else f"{v}+00:00").where(utc.notna(), text)
    if target in FREE_TEXT:
        return values
    return text.map(lambda v: v if v is None else str(v))


def table_frame(df: pd.DataFrame, tm: TableMapping, m: ImportMapping, loaded_at: datetime) -> pd.DataFrame:
    """The rows one table gets from the export, in its declared columns and types."""
    rows = df
    for column, wanted in tm.where.items():
        if column not in rows.columns:
            raise MappingError(f"{m.name}: where.{column}: no such column")
        rows = rows[rows[column].astype(str) == wanted]
    out: dict[str, Any] = {}
    for target, data_type in tm.table.columns.items():
        if target == "_loaded_at":
            out[target] = pd.Series([loaded_at] * len(rows), index=rows.index, dtype="datetime64[us]")
            continue
        if target in tm.columns:
            source = tm.columns[target]
            if source not in rows.columns:
                raise MappingError(
                    f"{m.name}: {tm.table.name}.{target} <- {source!r}: no such column in the export "
                    f"(its columns: {[c for c in rows.columns if not c.startswith('_')]})"
                )
            values = rows[source]
        else:
            source = target
            values = pd.Series([tm.constants.get(target)] * len(rows), index=rows.index, dtype=object)
        if target in tm.values:
            vmap = {str(k): v for k, v in tm.values[target].items()}
            values = values.map(lambda v, vm=vmap: vm.get(str(v).strip(), v) if v is not None else v)
        frame = rows.assign(**{source: values})
        out[target] = _typed(frame, source, values, target, data_type, m)
    frame = pd.DataFrame(out).reset_index(drop=True)
    if tm.first_by:
        # one row per key: the line with the earliest `first_by` (e.g. a customer's first order)
        frame = frame.sort_values([tm.first_by, tm.table.key], kind="stable", na_position="last")
        frame = frame.drop_duplicates(subset=tm.table.key, keep="first").reset_index(drop=True)
    return frame


def _land(con: duckdb.DuckDBPyConnection, table: RawTable, frame: pd.DataFrame) -> int:
    """Append the rows not landed before (by content); returns how many landed."""
    schema = f"raw_{table.source}"
    con.execute(f'create schema if not exists "{schema}"').fetchall()
    cols = ", ".join(f'"{c}" {duckdb_type(t)}' for c, t in table.columns.items())
    con.execute(f'create table if not exists "{schema}"."{table.table}" ({cols})').fetchall()
    landed = {r[0] for r in con.execute(f"describe {table.relation}").fetchall()}
    missing = [c for c in table.columns if c not in landed]
    if missing:
        raise LoadError(
            f"{table.relation} lacks declared column(s) {missing}: the landed table differs from the "
            "sources YAML (a dropped column?); nothing was imported"
        )
    content = [c for c in table.columns if c != "_loaded_at"]
    frame = frame.drop_duplicates(subset=content)
    con.register("cx_incoming", frame)
    try:
        same = " and ".join(f'landed."{c}" is not distinct from incoming."{c}"' for c in content)
        names = ", ".join(f'"{c}"' for c in table.columns)
        before = con.execute(f"select count(*) from {table.relation}").fetchall()[0]
        con.execute(
            f"insert into {table.relation} ({names}) select {names} from cx_incoming as incoming "
            f"where not exists (select 1 from {table.relation} as landed where {same})"
        ).fetchall()
        after = con.execute(f"select count(*) from {table.relation}").fetchall()[0]
    finally:
        con.unregister("cx_incoming")
    return int(after[0]) - int(before[0])


def prepare(mapping: ImportMapping, export: Path, loaded_at: datetime) -> dict[str, pd.DataFrame]:
    """Read, join, derive and map the export: the rows per target table (nothing landed yet)."""
    from cxm.conversations import derive_conversation

    df = _join(read_export(export, mapping), mapping, export)
    if mapping.derive == "conversation":
        try:
            df = derive_conversation(df, mapping.conversation, mapping.timestamp_format, mapping.timezone)
        except (ValueError, KeyError) as exc:
            raise MappingError(f"{mapping.name}: {exc}") from exc
    for column, parts in mapping.combine.items():
        # a key made of several columns (e.g. order id + line number)
        missing = [c for c in parts if c not in df.columns]
        if missing:
            raise MappingError(f"{mapping.name}: combine.{column}: no column(s) {missing}")
        df[column] = df[parts].apply(
            lambda r: None if any(v is None or str(v).strip() == "" for v in r) else ":".join(map(str, r)),
            axis=1,
        )
    df = _apply_keys(df, mapping)
    return {tm.table.name: table_frame(df, tm, mapping, loaded_at) for tm in mapping.tables}


def import_export(
    db_path: Path,
    mapping_path: Path,
    export: Path,
    *,
    loaded_at: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, dict[str, int]]:
    """Land one export through its mapping in one transaction; per table {'rows', 'landed'}."""
    mapping = load_mapping(mapping_path)
    when = (loaded_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    frames = prepare(mapping, Path(export), when)
    con = connect(db_path)
    result: dict[str, dict[str, int]] = {}
    try:
        con.begin()
        for tm in mapping.tables:
            frame = frames[tm.table.name]
            landed = _land(con, tm.table, frame)
            result[tm.table.name] = {"rows": len(frame), "landed": landed}
            if progress:
                progress(f"{tm.table.relation}: {len(frame):,} rows from the export, {landed:,} new")
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        raise LoadError(f"importing {export} failed, nothing was landed: {exc}") from exc
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return result
