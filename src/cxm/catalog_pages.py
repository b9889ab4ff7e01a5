"""Collect one entry per KPI from dbt's artifacts and the warehouse, and render the HTML pages.

Pages are Jinja2 templates (src/cxm/templates/catalog) with autoescape on: every value from
the data is escaped; Markdown (descriptions, decision-log text) is rendered by mistune with raw
HTML escaped. No page loads anything from the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import mistune
import sqlglot
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from cxm import catalog_mart
from cxm.catalog import (
    GRAINS,
    Artifacts,
    MetricEntry,
    TestStatus,
    decision_log,
    formula,
    read_targets,
    target_status,
    test_statuses,
    upstream,
    worst,
    worst_status,
)
from cxm.catalog_history import definition_files, kpi_history
from cxm.catalog_lineage import ColumnLineage, kpi_lineage, traced_columns
from cxm.catalog_quality import suites_for

_markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def markdown(text: str | None) -> Markup:
    """Markdown to HTML; raw HTML in the text is escaped, not passed through."""
    return Markup(_markdown(text or ""))


@dataclass
class KpiEntry:
    kpi: str
    page: str
    marts: list[dict[str, Any]]
    group: str
    owner: dict[str, Any]
    meta: dict[str, Any]
    metrics: list[MetricEntry]
    tests: list[TestStatus]
    decisions: list[tuple[str, str]]
    lineage: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    upstream_models: list[str] = field(default_factory=list)
    quality: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headline(self) -> MetricEntry | None:
        """The metric the index summarises: the first with a target and a value, else with a value."""
        ranked = sorted(self.metrics, key=lambda m: (m.latest is None, not m.targets))
        return ranked[0] if ranked else None

    @property
    def test_summary(self) -> str:
        return worst_status(self.tests)

    @property
    def worst(self) -> str:
        return worst(self.tests)


@dataclass
class SemanticIndex:
    metrics: dict[str, dict[str, Any]]
    measures: dict[str, dict[str, Any]]
    measure_dims: dict[str, list[str]]

    @classmethod
    def of(cls, semantic: dict[str, Any]) -> SemanticIndex:
        measures: dict[str, dict[str, Any]] = {}
        dims: dict[str, list[str]] = {}
        for sm in semantic.get("semantic_models", []):
            primary = [e["name"] for e in sm.get("entities", []) if e.get("type") == "primary"]
            entity = primary[0] if primary else sm["name"]
            cats = [
                f"{entity}__{d['name']}" for d in sm.get("dimensions", []) if d.get("type") == "categorical"
            ]
            for m in sm.get("measures", []):
                measures[m["name"]] = {**m, "_model": sm["name"]}
                dims[m["name"]] = cats
        return cls({m["name"]: m for m in semantic.get("metrics", [])}, measures, dims)

    def metric_measures(self, name: str, depth: int = 0) -> list[str]:
        m = self.metrics.get(name)
        if not m or depth > 5:
            return []
        tp = m.get("type_params") or {}
        if m.get("type") == "simple":
            return [(tp.get("measure") or {}).get("name", "")]
        refs = [tp.get("numerator"), tp.get("denominator"), *(tp.get("metrics") or [])]
        return [x for r in refs if r for x in self.metric_measures(r.get("name", ""), depth + 1)]


def _metric_entry(
    sem: SemanticIndex, mart: dict[str, Any], recon: dict[str, Any], targets: list[dict[str, str]]
) -> MetricEntry:
    name = recon["metric"]
    definition = sem.metrics.get(name, {})
    mm = list(dict.fromkeys(sem.metric_measures(name)))
    return MetricEntry(
        name=name,
        mart=mart["name"],
        reconcile=recon,
        definition=definition,
        formula=formula(definition, sem.measures),
        measures=[{"name": x, **sem.measures.get(x, {})} for x in mm],
        dimensions=sorted({d for x in mm for d in sem.measure_dims.get(x, [])}),
        # matched on the metric (one per programme, e.g. relationship_nps), every segment row
        targets=[t for t in targets if t.get("kpi") == name],
    )


def _fill_figures(metric: MetricEntry, mart: dict[str, Any], con: Any) -> None:
    from cxm.catalog_chart import chart_svg

    if con is None:
        return
    table = mart.get("alias") or mart["name"]
    try:
        metric.series = catalog_mart.read_series(con, mart["schema"], table, metric.reconcile)
    except (duckdb.Error, sqlglot.errors.SqlglotError) as exc:  # a page says so; the catalogue goes on
        metric.problem = f"could not read {table}: {exc}"
        return
    metric.latest = catalog_mart.latest(metric.series)
    metric.target_status = target_status(metric.latest["value"] if metric.latest else None, metric.targets)
    label = metric.definition.get("label") or metric.name
    # SVG written by vl-convert (Vega's renderer escapes every text it draws)
    metric.chart_svg = Markup(chart_svg(metric.series, label, metric.targets))


def _traced(con: Any, mart: dict[str, Any]) -> list[str]:
    columns = catalog_mart.mart_columns(con, mart["schema"], mart.get("alias") or mart["name"])
    reconciles = (mart.get("config", {}).get("meta", {}) or {}).get("reconcile") or []
    return traced_columns(mart, reconciles, columns)


def kpi_marts(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """KPI name -> its marts (models under models/marts/kpis/), primary mart first."""
    by_kpi: dict[str, list[dict[str, Any]]] = {}
    for n in sorted(manifest["nodes"].values(), key=lambda n: n.get("name", "")):
        path = n.get("original_file_path", "").replace("\\", "/")
        if n["resource_type"] == "model" and "/kpis/" in path:
            meta = n.get("config", {}).get("meta", {}) or {}
            by_kpi.setdefault(str(meta.get("kpi", n["name"])), []).append(n)
    return by_kpi


def add_quality(kpis: list[KpiEntry], results: list[dict[str, Any]]) -> None:
    """Attach the Great Expectations suites of each KPI's marts and raw source tables."""
    for entry in kpis:
        sources = sorted({r["source"] for r in entry.lineage if r.get("source")})
        entry.quality = suites_for(results, [m["name"] for m in entry.marts], sources)


def collect(art: Artifacts, repo: Path, database: Path) -> list[KpiEntry]:
    """One entry per KPI, with metrics, targets, figures, tests and decision-log text."""
    manifest = art.manifest
    sem = SemanticIndex.of(art.semantic)
    decisions = decision_log(repo / "DECISIONLOG.md")
    targets = read_targets(repo / "seeds" / "kpi_targets.csv")
    groups = {g["name"]: g for g in manifest.get("groups", {}).values()}
    con = catalog_mart.connect(database)
    lineage = ColumnLineage.of(manifest, con) if con is not None else None
    entries: list[KpiEntry] = []
    try:
        for kpi, marts in sorted(kpi_marts(manifest).items()):
            primary = marts[0]
            meta = primary.get("config", {}).get("meta", {}) or {}
            group = primary.get("config", {}).get("group") or primary.get("group") or ""
            metrics: list[MetricEntry] = []
            for mart in marts:
                for recon in (mart.get("config", {}).get("meta", {}) or {}).get("reconcile") or []:
                    if recon["metric"] not in {m.name for m in metrics}:
                        metric = _metric_entry(sem, mart, recon, targets)
                        _fill_figures(metric, mart, con)
                        metrics.append(metric)
            guarded = {m["unique_id"] for m in marts}
            for m in marts:
                guarded.update(upstream(manifest, m["unique_id"]))
            anchors = [str(m.get("config", {}).get("meta", {}).get("decision_log", "")) for m in marts]
            anchors += [
                str(((m.definition.get("config") or {}).get("meta") or {}).get("decision_log", ""))
                for m in metrics
            ]
            anchor_names = list(dict.fromkeys(a.split("#")[-1] for a in anchors if "#" in a))
            traced = [(m, _traced(con, m)) for m in marts if con is not None]
            entries.append(
                KpiEntry(
                    kpi=kpi,
                    page=f"{kpi}.html",
                    marts=marts,
                    group=group,
                    owner=groups.get(group, {}).get("owner", {}),
                    meta=meta,
                    metrics=metrics,
                    tests=test_statuses(manifest, art.run_results, guarded),
                    decisions=[(a, decisions.get(a, "no entry found")) for a in anchor_names],
                    upstream_models=sorted(g.split(".")[-1] for g in guarded if g.startswith("model.")),
                    lineage=kpi_lineage(lineage, traced) if lineage else [],
                    history=kpi_history(
                        repo,
                        definition_files(manifest, marts, [m.name for m in metrics]),
                        [m.name for m in metrics],
                        set(decisions),
                    ),
                )
            )
    finally:
        if con is not None:
            con.close()
    return entries


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cxm", "templates/catalog"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown
    env.filters["number"] = format_number
    return env


def format_number(value: Any) -> str:
    """A figure as shown on the pages (the browser test reads it back): 4 significant decimals."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.1f}"
    return str(value)


def write_pages(
    kpis: list[KpiEntry], out: Path, art: Artifacts, quality: list[dict[str, Any]] | None = None
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    env = _environment()
    results_meta = (art.run_results or {}).get("metadata") or {}
    common = {
        "grains": GRAINS,
        "built_at": results_meta.get("generated_at"),
        "have_results": art.run_results is not None,
        "have_quality": quality is not None,
        "kpis": kpis,
    }
    page = env.get_template("quality.html.j2").render(suites=quality or [], **common)
    (out / "quality.html").write_text(page, encoding="utf-8")
    for entry in kpis:
        html = env.get_template("kpi.html.j2").render(entry=entry, **common)
        (out / entry.page).write_text(html, encoding="utf-8")
    index = out / "index.html"
    index.write_text(env.get_template("index.html.j2").render(**common), encoding="utf-8")
    return index
