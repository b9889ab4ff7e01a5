"""Column-level lineage from a KPI mart's columns down to the raw source columns that feed them.

Computed from dbt's compiled SQL (manifest.json `compiled_code`, so every macro is already
expanded) with sqlglot's lineage (DECISIONLOG.md#catalogue-lineage): each model's SQL is
qualified against the warehouse's real column lists (so `select *` expands), the output
column is traced through every CTE, union branch and subquery to the columns it reads in its
parent relations, and the trace continues model by model down to sources and seeds. Columns
that decide which rows count (where, join on, group by, having, qualify) in every query block
on the path are traced too: they feed the figure as much as the selected ones. dbt Python
models have no SQL: there the columns of their parents named in the code are taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.lineage import to_node
from sqlglot.optimizer import build_scope, qualify
from sqlglot.optimizer.scope import Scope

DIALECT = "duckdb"
ROW_CLAUSES = ("where", "group", "having", "qualify")
Leaf = tuple[str, str]  # (unique_id of a source or seed, column)
VALUE, ROWS = "value", "rows"


def _key(*parts: str | None) -> tuple[str, ...]:
    return tuple((p or "").strip('"').lower() for p in parts)


@dataclass
class _Parsed:
    uid: str
    root: Scope | None
    scopes: dict[int, Scope]
    error: str = ""


@dataclass
class ColumnLineage:
    """Traces (model, column) pairs to raw leaves; results are memoised per pair."""

    manifest: dict[str, Any]
    schema: dict[str, dict[str, dict[str, dict[str, str]]]]
    relations: dict[tuple[str, ...], str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    _parsed: dict[str, _Parsed] = field(default_factory=dict)
    _memo: dict[tuple[str, str], set[Leaf]] = field(default_factory=dict)
    _ensured: Any = None

    @classmethod
    def of(cls, manifest: dict[str, Any], con: duckdb.DuckDBPyConnection) -> ColumnLineage:
        rows = con.execute(
            "select table_catalog, table_schema, table_name, column_name, data_type "
            "from information_schema.columns"
        ).fetchall()
        schema: dict[str, dict[str, dict[str, dict[str, str]]]] = {}
        by_table: dict[tuple[str, str], dict[str, str]] = {}
        for _cat, sch, tab, col, typ in rows:
            by_table.setdefault((sch, tab), {})[col] = typ
        lineage = cls(manifest, schema)
        for uid, node in [*manifest["nodes"].items(), *manifest["sources"].items()]:
            if node["resource_type"] not in ("model", "seed", "source", "snapshot"):
                continue
            name = node.get("identifier") or node.get("alias") or node["name"]
            db, sch = node.get("database") or "", node.get("schema") or ""
            lineage.relations[_key(db, sch, name)] = uid
            lineage.relations[_key(sch, name)] = uid
            cols = by_table.get((sch, name))
            if cols:
                schema.setdefault(db, {}).setdefault(sch, {})[name] = cols
        return lineage

    def _schema(self) -> Any:
        if self._ensured is None:
            self._ensured = sqlglot.schema.ensure_schema(self.schema, dialect=DIALECT)
        return self._ensured

    def node(self, uid: str) -> dict[str, Any]:
        return self.manifest["nodes"].get(uid) or self.manifest["sources"][uid]

    def trace(self, uid: str, column: str, depth: int = 0) -> dict[Leaf, str]:
        """Raw (source or seed) columns that feed `column` of model `uid`, each with how:
        `value` (its value flows into the column) or `rows` (it decides which rows count)."""
        key = (uid, column)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = {}  # cycles guard
        node = self.node(uid)
        leaves: dict[Leaf, str] = {}
        if node["resource_type"] in ("source", "seed") or depth > 40:
            leaves[(uid, column)] = VALUE
        else:
            for (parent, col), how in self.model_inputs(uid, column).items():
                for leaf, parent_how in self.trace(parent, col, depth + 1).items():
                    kind = VALUE if how == VALUE and parent_how == VALUE else ROWS
                    if leaves.get(leaf) != VALUE:
                        leaves[leaf] = kind
        self._memo[key] = leaves
        return leaves

    def model_inputs(self, uid: str, column: str) -> dict[Leaf, str]:
        """(parent unique_id, column) pairs one model reads for one output column, with how."""
        node = self.node(uid)
        if node.get("language") == "python":
            return dict.fromkeys(self._python_inputs(node), VALUE)
        parsed = self._parse(uid)
        if parsed.root is None:
            return {}
        found: dict[Leaf, str] = {}
        used: dict[int, set[str]] = {}
        done: set[tuple[int, int]] = set()
        todo: list[tuple[Scope, str, str]] = [(parsed.root, column, VALUE)]
        while todo:
            touched: dict[int, Scope] = {}
            for scope, col, how in todo:
                self._walk(parsed, scope, col, how, found, used, touched)
            todo = []
            for sc in touched.values():
                todo += self._row_columns(sc, used.get(id(sc), set()), done, found)
        return found

    def _walk(
        self,
        parsed: _Parsed,
        scope: Scope,
        col: str,
        how: str,
        found: dict[Leaf, str],
        used: dict[int, set[str]],
        touched: dict[int, Scope],
    ) -> None:
        try:
            traced = to_node(col, scope, DIALECT, self._schema(), trim_selects=False)
        except (SqlglotError, KeyError, IndexError) as exc:
            self.problems[parsed.uid] = f"{col}: {exc}"
            return
        for n in traced.walk():
            if isinstance(n.expression, exp.Table):
                self._add(found, n.expression, n.name.split(".")[-1], how)
                continue
            sc = parsed.scopes.get(id(n.source))
            if sc is not None:
                touched[id(sc)] = sc
                used.setdefault(id(sc), set()).update(c.table for c in n.expression.find_all(exp.Column))

    def _add(self, found: dict[Leaf, str], table: exp.Table, column: str, how: str) -> None:
        uid = self.relations.get(_key(table.catalog, table.db, table.name)) or self.relations.get(
            _key(table.db, table.name)
        )
        if uid and found.get((uid, column)) != VALUE:
            found[(uid, column)] = how

    def _row_columns(
        self, scope: Scope, used: set[str], done: set[tuple[int, int]], found: dict[Leaf, str]
    ) -> list[tuple[Scope, str, str]]:
        """Columns of the block's row-deciding clauses (where, group by, having, qualify, the on
        of inner joins and of outer joins whose table is read): tables' go to `found`, CTEs' back."""
        select = scope.expression
        clauses = [(i, select.args.get(c)) for i, c in enumerate(ROW_CLAUSES)]
        for i, join in enumerate(select.args.get("joins") or []):
            outer = join.args.get("side") or join.args.get("kind") in ("OUTER", "ANTI")
            if not outer or join.this.alias_or_name in used:
                clauses.append((len(ROW_CLAUSES) + i, join.args.get("on")))
        more: list[tuple[Scope, str, str]] = []
        for i, clause in clauses:
            if clause is None or (id(scope), i) in done:
                continue
            done.add((id(scope), i))
            for col in clause.find_all(exp.Column):
                source = scope.sources.get(col.table)
                if isinstance(source, exp.Table):
                    self._add(found, source, col.name, ROWS)
                elif isinstance(source, Scope):
                    more.append((source, col.name, ROWS))
        return more

    def _parse(self, uid: str) -> _Parsed:
        if uid not in self._parsed:
            sql = self.node(uid).get("compiled_code") or ""
            try:
                tree = qualify.qualify(
                    sqlglot.parse_one(sql, dialect=DIALECT),
                    dialect=DIALECT,
                    schema=self.schema,
                    validate_qualify_columns=False,
                    identify=False,
                )
                root = build_scope(tree)
                scopes = {id(s.expression): s for s in root.traverse()} if root else {}
                self._parsed[uid] = _Parsed(uid, root, scopes)
            except (SqlglotError, KeyError, ValueError) as exc:
                self.problems[uid] = str(exc)
                self._parsed[uid] = _Parsed(uid, None, {}, str(exc))
        return self._parsed[uid]

    def _python_inputs(self, node: dict[str, Any]) -> set[Leaf]:
        code = node.get("compiled_code") or node.get("raw_code") or ""
        found: set[Leaf] = set()
        for parent in node.get("depends_on", {}).get("nodes", []):
            p = self.node(parent)
            name = p.get("identifier") or p.get("alias") or p["name"]
            cols = self.schema.get(p.get("database") or "", {}).get(p.get("schema") or "", {}).get(name, {})
            found |= {(parent, c) for c in cols if re.search(rf"\b{re.escape(c)}\b", code)}
        return found


def pii_columns(node: dict[str, Any]) -> set[str]:
    """Columns tagged `pii` (or meta contains_pii) on a source or seed."""
    out: set[str] = set()
    for name, col in (node.get("columns") or {}).items():
        tags = set(col.get("tags") or []) | set((col.get("config") or {}).get("tags") or [])
        meta = {**(col.get("meta") or {}), **((col.get("config") or {}).get("meta") or {})}
        if "pii" in tags or meta.get("contains_pii"):
            out.add(name)
    return out


def traced_columns(mart: dict[str, Any], reconciles: list[dict[str, Any]], columns: list[str]) -> list[str]:
    """The mart columns a KPI's figures are read from: values, samples, month, partition, segment."""
    from cxm.catalog_mart import month_column, resolve

    wanted: list[str] = []
    for r in reconciles:
        wanted += [r.get("value_column") or "", r.get("sample_column") or ""]
        wanted.append(month_column(columns, r.get("time_column")) or "")
    wanted += [resolve(columns, "kpi_partition") or "", "segment_name", "segment_value"]
    return [c for c in dict.fromkeys(wanted) if c and c in columns]


def kpi_lineage(lin: ColumnLineage, marts: list[tuple[dict[str, Any], list[str]]]) -> list[dict[str, Any]]:
    """One row per raw column feeding the KPI: relation, column, the mart columns whose value it
    feeds, whether it decides which rows count, and whether it is tagged PII."""
    feeds: dict[Leaf, dict[str, set[str]]] = {}
    for mart, columns in marts:
        for column in columns:
            for leaf, how in lin.trace(mart["unique_id"], column).items():
                entry = feeds.setdefault(leaf, {VALUE: set(), ROWS: set()})
                entry[how].add(f"{mart['name']}.{column}")
    rows: list[dict[str, Any]] = []
    for (uid, column), how in feeds.items():
        node = lin.node(uid)
        name = node.get("identifier") or node.get("alias") or node["name"]
        rows.append(
            {
                "relation": f"{node.get('schema')}.{name}",
                "source": f"{node.get('source_name')}.{node['name']}"
                if node["resource_type"] == "source"
                else "",
                "kind": node["resource_type"],
                "column": column,
                "value_of": sorted(how[VALUE]),
                "rows_of": sorted(how[ROWS] - how[VALUE]),
                "pii": column in pii_columns(node),
            }
        )
    return sorted(rows, key=lambda r: (r["kind"] != "source", r["relation"], not r["value_of"], r["column"]))
