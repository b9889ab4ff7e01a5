"""Data health: rejected rows, source freshness and the last quality-check results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from cxdash import charts, warehouse
from cxdash.components import chart, figure

PERIOD_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0}


def rejected_rows_section() -> None:
    st.subheader("Rejected raw rows by source and reason")
    counts = warehouse.query(
        "select source_table, reject_reason, count(*) as rejected_rows from marts.rejected_rows "
        "group by all order by source_table, reject_reason"
    )
    figure("Rejected rows · all sources", f"{int(counts['rejected_rows'].sum()):,}")
    if counts.empty:
        st.success("No raw row was rejected.")
        return
    chart(
        charts.stacked_bars(
            counts,
            "source_table:N",
            "rejected_rows",
            "reject_reason",
            "source table",
            "rows",
            horizontal=True,
        ),
        width="stretch",
    )
    st.caption("Each rejected row keeps its raw JSON and reason in marts.rejected_rows.")


def _freshness_specs() -> list[dict[str, Any]]:
    manifest = warehouse.read_json("manifest.json") or {}
    specs = []
    for node in manifest.get("sources", {}).values():
        fresh = node.get("freshness") or {}
        if not node.get("loaded_at_field") or not (fresh.get("warn_after") or {}).get("count"):
            continue
        specs.append(
            {
                "source table": f"{node['source_name']}.{node['name']}",
                "relation": f'"{node["schema"]}"."{node["identifier"]}"',
                "loaded_at": node["loaded_at_field"],
                "warn after (h)": _hours(fresh.get("warn_after")),
                "error after (h)": _hours(fresh.get("error_after")),
            }
        )
    return sorted(specs, key=lambda s: s["source table"])


def _hours(rule: dict[str, Any] | None) -> float | None:
    if not rule or not rule.get("count"):
        return None
    return float(rule["count"]) * PERIOD_HOURS[rule["period"]]


def freshness_section() -> None:
    st.subheader("Freshness of the raw sources")
    specs = _freshness_specs()
    if not specs:
        st.warning("No dbt manifest with source freshness rules in the target folder: run `dbt build`.")
        return
    sql = " union all ".join(
        f"select '{s['source table']}' as source_table, max({s['loaded_at']})::timestamp as last_loaded "
        f"from {s['relation']}"
        for s in specs
    )
    loaded = warehouse.query(sql).set_index("source_table")["last_loaded"]
    now = pd.Timestamp.now(tz="UTC").tz_localize(None)
    table = pd.DataFrame(specs).drop(columns=["relation", "loaded_at"])
    table["last loaded (UTC)"] = [loaded.get(s) for s in table["source table"]]
    table["age (h)"] = [
        (now - t).total_seconds() / 3600 if pd.notna(t) else None for t in table["last loaded (UTC)"]
    ]
    table["status"] = [_status(r) for r in table.to_dict("records")]
    late = int((table["status"] != "pass").sum())
    figure("Source tables past their freshness warning", f"{late:,} of {len(table):,}")
    status_colours = alt.Scale(domain=["pass", "warn", "error"], range=["#2ca02c", "#ff7f0e", "#d62728"])
    spec = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("source table:N", title=None),
            x=alt.X("age (h):Q", title="hours since the last load"),
            color=alt.Color("status:N", scale=status_colours),
            tooltip=["source table:N", alt.Tooltip("age (h):Q", format=",.1f"), "warn after (h):Q"],
        )
    )
    chart(spec)
    table["age (h)"] = table["age (h)"].round(1)
    st.table(table.set_index("source table"))
    st.caption(
        "Age = now minus the newest loaded_at_field value; rules from the dbt sources (via manifest.json)."
    )


def _status(row: dict[str, Any]) -> str:
    age, warn, error = row["age (h)"], row["warn after (h)"], row["error after (h)"]
    if age is None or pd.isna(age):
        return "error"
    if error is not None and age > error:
        return "error"
    return "warn" if warn is not None and age > warn else "pass"


def quality_section() -> None:
    st.subheader("Last quality checks")
    left, right = st.columns(2)
    with left:
        st.markdown("**dbt tests (last `dbt build` or `dbt test`)**")
        run = warehouse.read_json("run_results.json")
        tests = [
            r for r in (run or {}).get("results", []) if r["unique_id"].split(".")[0] in ("test", "unit_test")
        ]
        if not tests:
            st.info("No dbt test results in the target folder.")
        else:
            statuses = pd.Series([r["status"] for r in tests]).value_counts()
            figure("dbt tests passed", f"{int(statuses.get('pass', 0)):,} of {len(tests):,}")
            st.caption(f"Run at {run['metadata']['generated_at']} (UTC).")
            bad = [
                {"test": r["unique_id"], "status": r["status"], "failures": r.get("failures")}
                for r in tests
                if r["status"] != "pass"
            ]
            if bad:
                st.table(pd.DataFrame(bad))
            else:
                st.success("Every dbt test passed.")
    with right:
        st.markdown("**Great Expectations suites (last `cxm quality`)**")
        suites = _gx_results(warehouse.target_dir() / "data_quality" / "gx" / "uncommitted" / "validations")
        if suites.empty:
            st.info("`cxm quality` has not run on this warehouse yet (make demo runs it).")
        else:
            figure("Suites passed", f"{int(suites['success'].sum()):,} of {len(suites):,}")
            st.table(suites.set_index("suite"))


def _gx_results(folder: Path) -> pd.DataFrame:
    """The latest validation result per suite, from the Great Expectations file store."""
    latest: dict[str, dict[str, Any]] = {}
    for path in folder.rglob("*.json") if folder.exists() else []:
        doc = json.loads(path.read_text(encoding="utf-8"))
        run_time = str((doc.get("meta", {}).get("run_id") or {}).get("run_time", ""))
        suite = str(doc.get("suite_name", path.stem))
        if suite not in latest or run_time > latest[suite]["run at (UTC)"]:
            stats = doc.get("statistics", {})
            latest[suite] = {
                "suite": suite,
                "success": bool(doc.get("success")),
                "expectations": stats.get("evaluated_expectations"),
                "failed": stats.get("unsuccessful_expectations"),
                "run at (UTC)": run_time,
            }
    return pd.DataFrame(sorted(latest.values(), key=lambda r: r["suite"]))
