"""Opening the DuckDB warehouse for reading, with one clear line instead of a traceback when it
is missing or another process (a running `dbt build`, say) holds its lock."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from cxm.load import LoadError

_LOCK_PID = re.compile(r"Conflicting lock is held in (?P<exe>\S+) \(PID (?P<pid>\d+)\)")


def _process_command(pid: int) -> str:
    """The command line of a running process (Linux /proc), or '' when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return " ".join(part.decode("utf-8", "replace") for part in raw.split(b"\0") if part)


def lock_holder(message: str) -> str:
    """'PID 123 (dbt build ...)' from DuckDB's lock error, or the error itself when unparsable."""
    m = _LOCK_PID.search(message)
    if not m:
        return message.splitlines()[0]
    pid = int(m.group("pid"))
    command = _process_command(pid) or m.group("exe")
    return f"PID {pid} ({command[:200]})"


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, or LoadError naming the missing file or the process holding it."""
    if not Path(db_path).exists():
        raise LoadError(f"no warehouse at {db_path}: run `make demo` (or cxm load and dbt build) first")
    try:
        return duckdb.connect(str(db_path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise LoadError(
            f"the warehouse {db_path} is locked by {lock_holder(str(exc))}: "
            "wait until it finishes, then run this again"
        ) from exc


def sql_string_literal(text: str) -> str:
    """A SQL string literal of `text`, quotes doubled: for the few statements that take no bound
    parameter (ATTACH, PRAGMA). Everything else passes values as parameters."""
    return "'" + text.replace("'", "''") + "'"
