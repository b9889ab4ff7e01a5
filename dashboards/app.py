"""CX dashboards: `make dashboards` serves them (Streamlit, offline, read-only on the marts).

One page per exposure in models/marts/_exposures.yml (its `url` ends in `?page=<key>`) and one
page per KPI family. The page is chosen by the `page` query parameter rather than by a URL path:
Streamlit's front end probes `<path>/_stcore/health` to find its base path on any other path,
which logs 404 errors in the browser console. The warehouse is CXM_DUCKDB_PATH (default
target/cx_metrics.duckdb).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cxdash.components import start_page
from cxdash.views import PAGES


def main() -> None:
    st.set_page_config(page_title="CX dashboards", layout="wide")
    keys = list(PAGES)
    asked = st.query_params.get("page", "home")
    chosen = st.sidebar.radio(
        "CX dashboards",
        keys,
        index=keys.index(asked) if asked in keys else 0,
        format_func=lambda k: PAGES[k].title,
        key="page-choice",
    )
    st.query_params["page"] = chosen
    if asked not in keys:
        st.warning(f"There is no page `{asked}`; showing the overview.")
    start_page()
    PAGES[chosen].render()


main()
