"""A metric catalogue for auditors, generated from dbt's artifacts (never written by hand).

For every KPI mart (models under models/marts/kpis/) and every metric it reconciles with:
definition and formula, owner, unit and direction, valid dimensions and grains, the mart's
compiled SQL, lineage down to the raw source tables and the columns read from them, the
tests that guard it (data and unit tests on the mart and everything upstream), its targets
and its decision-log entry. Written as static HTML next to `dbt docs` (target/).
"""

from __future__ import annotations

import csv
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GRAINS = ("day", "week", "month", "quarter", "year")


@dataclass
class Artifacts:
    manifest: dict[str, Any]
    semantic: dict[str, Any]
    run_results: dict[str, Any] | None

    @classmethod
    def load(cls, target: Path) -> Artifacts:
        def read(name: str) -> dict[str, Any] | None:
            path = target / name
            return json.loads(path.read_text()) if path.exists() else None

        manifest = read("manifest.json")
        semantic = read("semantic_manifest.json")
        if manifest is None or semantic is None:
            raise FileNotFoundError(
                f"dbt artifacts missing in {target}: run `dbt build` (or `dbt parse`) first"
            )
        return cls(manifest, semantic, read("run_results.json"))


def _decision_log(path: Path) -> dict[str, str]:
    """anchor -> markdown text of that DECISIONLOG.md section."""
    if not path.exists():
        return {}
    sections: dict[str, str] = {}
    current: str | None = None
    for line in path.read_text().splitlines():
        m = re.match(r"^## (\S+)", line)
        if m:
            current = m.group(1)
            sections[current] = ""
        elif current:
            sections[current] += line + "\n"
    return {k: v.strip() for k, v in sections.items()}


def _targets(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def _esc(value: Any) -> str:
    return html.escape(str(value)) if value is not None else ""


def _formula(metric: dict[str, Any], measures: dict[str, dict[str, Any]]) -> str:
    tp = metric.get("type_params") or {}
    kind = metric.get("type")
    if kind == "simple":
        name = (tp.get("measure") or {}).get("name")
        m = measures.get(name or "", {})
        agg = m.get("agg", "?")
        expr = m.get("expr") or name
        return f"{agg}({expr}) over {m.get('_model', '?')}"
    if kind == "ratio":
        num = tp.get("numerator") or {}
        den = tp.get("denominator") or {}

        def part(p: dict[str, Any]) -> str:
            where = p.get("filter")
            text = p.get("name", "?")
            if where:
                wheres = where.get("where_filters", []) if isinstance(where, dict) else []
                conds = " and ".join(w.get("where_sql_template", "") for w in wheres)
                text += f" [where {conds}]"
            return text

        return f"{part(num)} / {part(den)}"
    if kind == "derived":
        return f"{tp.get('expr')} with " + ", ".join(m.get("name", "?") for m in tp.get("metrics", []))
    return json.dumps(tp)


def _upstream(manifest: dict[str, Any], start: str) -> list[str]:
    seen: list[str] = []
    stack = [start]
    while stack:
        node_id = stack.pop()
        node = manifest["nodes"].get(node_id) or manifest["sources"].get(node_id)
        if node is None:
            continue
        for parent in node.get("depends_on", {}).get("nodes", []):
            if parent not in seen:
                seen.append(parent)
                stack.append(parent)
    return seen


def _source_columns(manifest: dict[str, Any], source_id: str) -> list[str]:
    """Columns of a raw source table that the models reading it mention in their compiled SQL."""
    source = manifest["sources"][source_id]
    declared = list(source.get("columns", {}))
    used: set[str] = set()
    for node in manifest["nodes"].values():
        if source_id in node.get("depends_on", {}).get("nodes", []):
            sql = node.get("compiled_code") or node.get("raw_code") or ""
            for col in declared:
                if re.search(rf"\b{re.escape(col)}\b", sql):
                    used.add(col)
    return [c for c in declared if c in used]


def build_catalog(target: Path, repo: Path, out_dir: Path | None = None) -> Path:
    """Write the catalogue; returns the path of its index page."""
    art = Artifacts.load(target)
    manifest = art.manifest
    out = out_dir or target / "metric_catalog"
    out.mkdir(parents=True, exist_ok=True)
    decisions = _decision_log(repo / "DECISIONLOG.md")
    targets = _targets(repo / "seeds" / "kpi_targets.csv")
    groups = {g["name"]: g for g in manifest.get("groups", {}).values()}
    measures: dict[str, dict[str, Any]] = {}
    measure_dims: dict[str, list[str]] = {}
    for sm in art.semantic.get("semantic_models", []):
        entity = next((e["name"] for e in sm.get("entities", []) if e.get("type") == "primary"), sm["name"])
        dims = [f"{entity}__{d['name']}" for d in sm.get("dimensions", []) if d.get("type") == "categorical"]
        for m in sm.get("measures", []):
            measures[m["name"]] = {**m, "_model": sm["name"]}
            measure_dims[m["name"]] = dims
    metrics = {m["name"]: m for m in art.semantic.get("metrics", [])}
    results = {r["unique_id"]: r for r in (art.run_results or {}).get("results", [])}

    def metric_measures(name: str, depth: int = 0) -> list[str]:
        m = metrics.get(name)
        if not m or depth > 5:
            return []
        tp = m.get("type_params") or {}
        if m.get("type") == "simple":
            return [(tp.get("measure") or {}).get("name", "")]
        refs = [tp.get("numerator"), tp.get("denominator"), *(tp.get("metrics") or [])]
        found: list[str] = []
        for r in refs:
            if r:
                found += metric_measures(r.get("name", ""), depth + 1)
        return found

    kpi_marts = [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and "/kpis/" in n.get("original_file_path", "").replace("\\", "/")
    ]
    index_rows: list[str] = []
    for mart in sorted(kpi_marts, key=lambda n: n["name"]):
        meta = mart.get("config", {}).get("meta", {}) or {}
        group = mart.get("config", {}).get("group") or mart.get("group")
        owner = groups.get(group or "", {}).get("owner", {})
        upstream = _upstream(manifest, mart["unique_id"])
        sources = [u for u in upstream if u.startswith("source.")]
        guarded = {mart["unique_id"], *upstream}
        tests = sorted(
            (
                n
                for n in manifest["nodes"].values()
                if n["resource_type"] in ("test", "unit_test")
                and set(n.get("depends_on", {}).get("nodes", [])) & guarded
            ),
            key=lambda n: n["name"],
        )
        tests += sorted(
            (
                n
                for n in manifest.get("unit_tests", {}).values()
                if n.get("model") and any(u.endswith("." + n["model"]) for u in guarded)
            ),
            key=lambda n: n["name"],
        )
        recon = meta.get("reconcile") or []
        metric_names = [r["metric"] for r in recon]
        anchor = str(meta.get("decision_log", "")).split("#")[-1]
        kpi = meta.get("kpi", mart["name"])
        page = out / f"{mart['name']}.html"
        parts: list[str] = [
            f"<h1>{_esc(kpi)}: <code>{_esc(mart['name'])}</code></h1>",
            f"<p>{_esc(mart.get('description', ''))}</p>",
            "<table>",
            f"<tr><th>owner</th><td>{_esc(group)}: {_esc(owner.get('name'))} "
            f"&lt;{_esc(owner.get('email'))}&gt;</td></tr>",
            f"<tr><th>unit</th><td>{_esc(meta.get('unit'))}</td></tr>",
            f"<tr><th>better</th><td>{_esc(meta.get('better'))}</td></tr>",
            f"<tr><th>access / contract</th><td>{_esc(mart.get('access'))} / "
            f"{'enforced' if mart.get('contract', {}).get('enforced') else 'not enforced'}</td></tr>",
            f"<tr><th>relation</th><td><code>{_esc(mart.get('schema'))}."
            f"{_esc(mart.get('alias') or mart['name'])}</code></td></tr>",
            "</table>",
            "<h2>Metrics (the one definition; the mart is tested equal to them)</h2>",
        ]
        for name in metric_names:
            m = metrics.get(name, {})
            mm = metric_measures(name)
            dims = sorted({d for x in mm for d in measure_dims.get(x, [])})
            mmeta = (m.get("config") or {}).get("meta") or {}
            parts += [
                f"<h3><code>{_esc(name)}</code> ({_esc(m.get('type'))}): {_esc(m.get('label'))}</h3>",
                f"<p>{_esc(m.get('description'))}</p>",
                f"<p><b>Formula</b>: <code>{_esc(_formula(m, measures))}</code></p>",
                "<p><b>Measures</b>: "
                + ", ".join(
                    f"<code>{_esc(x)}</code> = {_esc(measures.get(x, {}).get('agg'))}"
                    f"(<code>{_esc(measures.get(x, {}).get('expr') or x)}</code>) on "
                    f"{_esc(measures.get(x, {}).get('_model'))}"
                    for x in dict.fromkeys(mm)
                )
                + "</p>",
                f"<p><b>Unit / better</b>: {_esc(mmeta.get('unit'))} / {_esc(mmeta.get('better'))}</p>",
                f"<p><b>Valid dimensions</b>: {', '.join(f'<code>{_esc(d)}</code>' for d in dims)}</p>",
                f"<p><b>Grains</b>: {', '.join('metric_time__' + g for g in GRAINS)}</p>",
            ]
        kpi_targets = [t for t in targets if t.get("kpi") == kpi]
        parts.append("<h2>Targets</h2>")
        if kpi_targets:
            parts.append("<table><tr>" + "".join(f"<th>{_esc(k)}</th>" for k in kpi_targets[0]) + "</tr>")
            for t in kpi_targets:
                parts.append("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in t.values()) + "</tr>")
            parts.append("</table>")
        else:
            parts.append("<p>No target set (seeds/kpi_targets.csv).</p>")
        parts.append(f"<h2>Decision log: <code>{_esc(meta.get('decision_log'))}</code></h2>")
        parts.append(f"<pre>{_esc(decisions.get(anchor, 'no entry found'))}</pre>")
        parts.append("<h2>Lineage down to raw source columns</h2><ul>")
        for s in sources:
            src = manifest["sources"][s]
            cols = _source_columns(manifest, s)
            parts.append(
                f"<li><code>{_esc(src['schema'])}.{_esc(src['name'])}</code> "
                f"(source {_esc(src['source_name'])}): "
                + ", ".join(f"<code>{_esc(c)}</code>" for c in cols)
                + "</li>"
            )
        parts.append(
            "</ul><p>Models in between: "
            + ", ".join(f"<code>{_esc(u.split('.')[-1])}</code>" for u in upstream if u.startswith("model."))
            + "</p>"
        )
        parts.append(f"<h2>Tests that guard it ({len(tests)})</h2><ul>")
        for t in tests:
            status = results.get(t["unique_id"], {}).get("status", "not run")
            parts.append(
                f"<li><code>{_esc(t['name'])}</code> ({_esc(t['resource_type'])}): {_esc(status)}</li>"
            )
        parts.append("</ul>")
        code = mart.get("compiled_code") or mart.get("raw_code") or ""
        parts.append("<h2>Compiled SQL of the mart</h2><pre>" + _esc(code) + "</pre>")
        page.write_text(_page(f"{kpi} - metric catalogue", "\n".join(parts)))
        index_rows.append(
            f"<tr><td><a href='{_esc(page.name)}'>{_esc(kpi)}</a></td>"
            f"<td><code>{_esc(mart['name'])}</code></td>"
            f"<td>{', '.join(f'<code>{_esc(n)}</code>' for n in metric_names)}</td>"
            f"<td>{_esc(group)}</td><td>{len(tests)}</td></tr>"
        )
    index = out / "index.html"
    index.write_text(
        _page(
            "CX metric catalogue",
            "<h1>CX metric catalogue</h1><p>Generated from dbt artifacts (manifest, semantic "
            "manifest, run results). Each KPI: its one definition, owner, lineage, tests, "
            "targets and decisions.</p><table><tr><th>KPI</th><th>mart</th><th>metrics</th>"
            "<th>owner group</th><th>tests</th></tr>" + "".join(index_rows) + "</table>",
        )
    )
    return index


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{_esc(title)}</title><style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}"
        "pre{background:#f4f4f4;padding:1em;overflow:auto}td,th{border:1px solid #ccc;padding:.3em;"
        "text-align:left;vertical-align:top}table{border-collapse:collapse}</style></head><body>"
        f"{body}</body></html>"
    )
