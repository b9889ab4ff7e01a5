"""The history of a KPI's definition, from git: the commits that touched its mart SQL, YAML and
docs, the YAML of its metrics, the macros they call, or its rows of the targets seed; with their
messages and the decision-log entries they link (DECISIONLOG.md#anchor in the message, or
sections of DECISIONLOG.md the commit added or changed)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

MAX_COMMITS = 60
TARGETS_SEED = "seeds/kpi_targets.csv"
_FIELD, _RECORD = "\x1f", "\x1e"


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=120)
    return proc.stdout if proc.returncode == 0 else ""


def definition_files(manifest: dict[str, Any], marts: list[dict[str, Any]], metrics: list[str]) -> list[str]:
    """Repository paths that define the KPI: its marts' folder (SQL, YAML, docs), the YAML of its
    metrics and semantic models, the models those are defined on, and the project macros they call."""
    paths: set[str] = set()
    models = list(marts)
    metric_nodes = [m for m in manifest.get("metrics", {}).values() if m["name"] in metrics]
    measures = {
        x.get("name") for m in metric_nodes for x in (m.get("type_params") or {}).get("input_measures") or []
    }
    paths.update(m.get("original_file_path", "") for m in metric_nodes)
    for sm in manifest.get("semantic_models", {}).values():
        if {x["name"] for x in sm.get("measures", [])} & measures:
            paths.add(sm.get("original_file_path", ""))
            refs = sm.get("depends_on", {}).get("nodes", [])
            models += [manifest["nodes"][r] for r in refs if r in manifest["nodes"]]
    project = marts[0].get("package_name") if marts else None
    for node in models:
        paths.add(node.get("original_file_path", ""))
        paths.add((node.get("patch_path") or "").split("://")[-1])
        for macro_id in node.get("depends_on", {}).get("macros", []):
            macro = manifest.get("macros", {}).get(macro_id, {})
            if macro.get("package_name") == project:
                paths.add(macro.get("original_file_path", ""))
    paths.update(str(Path(m.get("original_file_path", "")).parent) for m in marts)
    return sorted(p for p in paths if p and p != ".")


def _log(repo: Path, *args: str) -> list[dict[str, Any]]:
    fmt = _FIELD.join(("%H", "%ad", "%an", "%s", "%b")) + _RECORD
    # merges only bring changes in: the commits that made them are listed, not the merges
    out = _git(
        repo, "log", "--no-merges", f"--max-count={MAX_COMMITS}", "--date=short", f"--format={fmt}", *args
    )
    commits: list[dict[str, Any]] = []
    for record in out.split(_RECORD):
        parts = record.strip("\n").split(_FIELD)
        if len(parts) == 5:
            commits.append(dict(zip(("hash", "date", "author", "subject", "body"), parts, strict=True)))
    return commits


def _linked_decisions(repo: Path, commit: dict[str, Any], anchors: set[str]) -> list[str]:
    text = commit["subject"] + "\n" + commit["body"]
    linked = set(re.findall(r"DECISIONLOG(?:\.md)?#([\w-]+)", text))
    diff = _git(repo, "show", "--format=", "-U0", commit["hash"], "--", "DECISIONLOG.md")
    linked |= {m for m in re.findall(r"^\+## (\S+)", diff, re.M) if m in anchors}
    return sorted(linked)


def kpi_history(repo: Path, files: list[str], metrics: list[str], anchors: set[str]) -> list[dict[str, Any]]:
    """Commits that changed the KPI's definition, newest first, each with the files it touched."""
    if not _git(repo, "rev-parse", "--git-dir"):
        return []
    by_hash: dict[str, dict[str, Any]] = {}
    for c in _log(repo, "--", *files):
        by_hash[c["hash"]] = {**c, "what": "definition"}
    if metrics:
        pattern = "^(" + "|".join(re.escape(m) for m in metrics) + "),"
        for c in _log(repo, f"-G{pattern}", "--", TARGETS_SEED):
            by_hash.setdefault(c["hash"], {**c, "what": "targets"})
    commits = sorted(by_hash.values(), key=lambda c: c["date"], reverse=True)[:MAX_COMMITS]
    for c in commits:
        c["decisions"] = _linked_decisions(repo, c, anchors)
        c["files"] = [f for f in _git(repo, "show", "--format=", "--name-only", c["hash"]).split() if f]
    return commits
