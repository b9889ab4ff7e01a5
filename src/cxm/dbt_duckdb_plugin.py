"""dbt-duckdb plugin (declared in `profiles.yml`): sets the DuckDB variable
`cx_pii_salt` from CXM_PII_SALT on each connection and cursor dbt opens, so the hashing SQL
never holds the salt (see cxm.salt and README.md#security-and-pii)."""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from cxm.salt import set_salt_variable


class Plugin(BasePlugin):
    def configure_connection(self, conn: Any) -> None:
        set_salt_variable(conn)

    def configure_cursor(self, cursor: Any) -> None:
        set_salt_variable(cursor)
