"""Great Expectations results, readable offline in the catalogue.

GX's Data Docs load their CSS and JavaScript from CDNs and are blank without a network, so the
catalogue summarises the validation results `cxm quality` stored (GX's own JSON files under
<quality dir>/gx/uncommitted/validations): the newest result of every suite, its expectations,
what failed and by how much. KPI pages show the suites of their marts and raw source tables.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _expectation(r: dict[str, Any]) -> dict[str, Any]:
    cfg = r.get("expectation_config") or {}
    kwargs = {k: v for k, v in (cfg.get("kwargs") or {}).items() if k != "batch_id"}
    result = r.get("result") or {}
    detail = ""
    if result.get("unexpected_percent") is not None:
        detail = f"{result['unexpected_percent']:.2f}% unexpected ({result.get('unexpected_count')} rows)"
    elif "observed_value" in result:
        detail = f"observed {json.dumps(result['observed_value'], default=str)[:200]}"
    if (r.get("exception_info") or {}).get("raised_exception"):
        detail = "error: " + str(r["exception_info"].get("exception_message"))[:200]
    return {
        "type": cfg.get("type", "?"),
        "kwargs": json.dumps(kwargs, default=str, sort_keys=True)[:300],
        "success": bool(r.get("success")),
        "detail": detail,
    }


def read_results(quality_dir: Path) -> list[dict[str, Any]]:
    """Newest stored validation result per suite, sorted by suite name."""
    newest: dict[str, dict[str, Any]] = {}
    for path in (quality_dir / "gx" / "uncommitted" / "validations").rglob("*.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        suite = str(data.get("suite_name") or path.stem)
        run_time = str(((data.get("meta") or {}).get("run_id") or {}).get("run_time") or "")
        if suite in newest and newest[suite]["run_time"] >= run_time:
            continue
        stats = data.get("statistics") or {}
        newest[suite] = {
            "suite": suite,
            "success": bool(data.get("success")),
            "run_time": run_time,
            "evaluated": stats.get("evaluated_expectations", 0),
            "failed": stats.get("unsuccessful_expectations", 0),
            "expectations": [_expectation(r) for r in data.get("results") or []],
        }
    return [newest[k] for k in sorted(newest)]


def suites_for(results: list[dict[str, Any]], marts: list[str], sources: list[str]) -> list[dict[str, Any]]:
    """The suites on a KPI's marts (mart.<name>[.*]) and raw source tables (raw.<source>.<table>[.*])."""
    prefixes = [f"mart.{m}" for m in marts] + [f"raw.{s}" for s in sources]
    return [r for r in results if any(r["suite"] == p or r["suite"].startswith(p + ".") for p in prefixes)]
