"""The project's conventions are checked by dbt-score (config: pyproject.toml, rules: dbt_score_rules/).

`make validate` runs it on the real manifest (score 10 required); here it must also catch each
convention broken on purpose in a copy of the manifest, so the configuration really checks.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import BIN, REPO

Manifest = dict[str, Any]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    target = tmp_path_factory.mktemp("parse")
    env = {**os.environ, "DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(target / "logs")}
    env.pop("DBT_PROFILES_DIR", None)
    proc = subprocess.run(
        [str(BIN / "dbt"), "parse", "--quiet"], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((target / "manifest.json").read_text())


def _lint(manifest: Manifest, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    return subprocess.run(
        [str(BIN / "dbt-score"), "lint", "--manifest", str(path), "--show", "failing-items"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_project_scores_ten(manifest: Manifest, tmp_path: Path) -> None:
    proc = _lint(manifest, tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "Project score: 10.0" in proc.stdout.replace("\x1b[1m", "").replace("\x1b[0m", "")


def _node(manifest: Manifest, name: str) -> dict[str, Any]:
    return next(n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["name"] == name)


def _drop_key_tests(m: Manifest) -> None:
    for node in m["nodes"].values():
        meta = node.get("test_metadata") or {}
        if node.get("attached_node") == _node(m, "kpi_nps_monthly")["unique_id"] and meta.get("name") in (
            "cx_unique_combination",
            "unique",
        ):
            meta["name"] = "not_a_key_test"


def _public_staging(m: Manifest) -> None:
    _node(m, "stg_crm__customers")["access"] = "public"


def _misnamed_mart(m: Manifest) -> None:
    node = _node(m, "fct_tickets")
    node["name"] = "tickets"


def _no_final(m: Manifest) -> None:
    node = _node(m, "kpi_csat_monthly")
    node["raw_code"] = node["raw_code"].replace("select * from final", "select * from scored")


def _undocumented_macro(m: Manifest) -> None:
    m["macros"]["macro.cx_metrics.cx_percentile"]["description"] = ""


def _foreign_owner(m: Manifest) -> None:
    _node(m, "kpi_ces_monthly")["meta"]["owner"] = "someone_else"
    _node(m, "kpi_ces_monthly")["config"]["meta"]["owner"] = "someone_else"


@pytest.mark.parametrize(
    ("break_it", "rule"),
    [
        (_drop_key_tests, "has_primary_key_test"),
        (_public_staging, "is_governed"),
        (_misnamed_mart, "name_follows_its_layer"),
        (_no_final, "ends_with_select_from_final"),
        (_undocumented_macro, "macro_has_description"),
        (_foreign_owner, "owner_is_its_group"),
    ],
)
def test_a_broken_convention_fails_the_lint(
    manifest: Manifest, tmp_path: Path, break_it: Callable[[Manifest], None], rule: str
) -> None:
    broken = json.loads(json.dumps(manifest))
    break_it(broken)
    proc = _lint(broken, tmp_path)
    assert proc.returncode != 0
    assert rule in proc.stdout


def _doc_comments() -> dict[str, str]:
    """Each macro's and generic test's doc comment: the {#- -#} block above it, else the file's first."""
    docs: dict[str, str] = {}
    for path in sorted((REPO / "macros").rglob("*.sql")):
        text = path.read_text()
        header = re.match(r"\s*\{#-?(.*?)-?#\}", text, re.S)
        for m in re.finditer(r"\{%-?\s*(macro|test)\s+(\w+)\s*\(", text):
            above = re.search(r"\{#-?((?:(?!#\}).)*?)-?#\}$", text[: m.start()].rstrip(), re.S)
            comment = above.group(1) if above else header.group(1) if header else ""
            name = ("test_" if m.group(1) == "test" else "") + m.group(2)
            docs[name] = re.sub(r"[ \t]+\n", "\n", textwrap.dedent(comment).strip())
    return docs


def test_macro_descriptions_are_their_doc_comments() -> None:
    """The macros' YAML descriptions (dbt docs, dbt-score) repeat their SQL comments: kept equal."""
    described: dict[str, str] = {}
    for path in (REPO / "macros").rglob("_*__macros.yml"):
        for macro in yaml.safe_load(path.read_text())["macros"]:
            described[macro["name"]] = macro["description"].strip()
    comments = _doc_comments()
    assert len(comments) > 80
    stale = sorted(name for name, text in comments.items() if described.get(name) != text)
    assert stale == [], f"copy the doc comment of {stale} into macros/<folder>/_<folder>__macros.yml"
