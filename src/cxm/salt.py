"""The PII salt's one way into DuckDB: a session variable set with a bound parameter.

dbt writes every statement it runs to `logs/dbt.log` and `target/run/`, so the salt is never
spliced into SQL (README.md#security-and-pii). `cx_hash_pii` reads `getvariable('cx_pii_salt')`.
"""

from __future__ import annotations

import os
from typing import Any

HASH_KEY_ENV = "CXM_PII_SALT"
DUCKDB_KEY_VARIABLE = "cx_pii_salt"


def set_salt_variable(conn: Any) -> None:
    """Set `cx_pii_salt` on a DuckDB connection or cursor (empty when the salt is unset: dbt
    refuses to compile a hashing model without one, see macros/cross_db/cx_pii.sql)."""
    conn.execute(f"set variable {DUCKDB_KEY_VARIABLE} = ?", [os.environ.get(HASH_KEY_ENV, "")])
