"""Shared fixtures: a warehouse built by the real dbt project on small generated data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from cxm.generate import GenerateConfig, generate
from cxm.load import import_survey_export, load_raw

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REAL_DATA = REPO.parent / "shared" / "data" / "real"
TELECOM_CSV = REAL_DATA / "nps_verbatims" / "nps_verbatims.csv"
TEST_SCALE = 0.3
TEST_AS_OF = date(2026, 10, 31)
# The salt dbt hashes personal data with (README.md#security-and-pii): a public test value, not a
# secret. `make` exports its own demo salt; a bare `pytest` run gets this one.
TEST_PII_SALT = "cxm-public-test-salt-not-for-production"
os.environ.setdefault("CXM_PII_SALT", TEST_PII_SALT)


@dataclass
class Warehouse:
    root: Path
    db_path: Path
    target_path: Path
    env: dict[str, str]
    build_output: str
    telecom_loaded: bool

    def run(
        self, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            list(args), cwd=REPO, env=env or self.env, capture_output=True, text=True, timeout=900
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"{' '.join(args)} exited {proc.returncode}\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
            )
        return proc


def dbt_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "CXM_DUCKDB_PATH": str(root / "cx_metrics.duckdb"),
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
            "DBT_PROFILES_DIR": str(REPO),
            "DBT_PROJECT_DIR": str(REPO),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DO_NOT_TRACK": "1",
        }
    )
    return env


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """Generate small data, load it, import survey exports, and run `dbt build` once."""
    root = tmp_path_factory.mktemp("warehouse")
    db = root / "cx_metrics.duckdb"
    generate(GenerateConfig(scale=TEST_SCALE, seed=7, as_of=TEST_AS_OF, out_dir=root / "raw"))
    load_raw(root / "raw", db)
    import_survey_export(
        db,
        REPO / "config/survey_exports/example_nps_export.yml",
        REPO / "config/survey_exports/examples/example_nps_export.csv",
    )
    telecom = TELECOM_CSV.exists()
    if telecom:
        import_survey_export(db, REPO / "config/survey_exports/telecom_nps.yml", TELECOM_CSV)
    wh = Warehouse(root, db, root / "target", dbt_env(root), "", telecom)
    proc = wh.run(str(BIN / "dbt"), "build", check=False)
    wh.build_output = proc.stdout
    if proc.returncode != 0:
        pytest.fail(f"dbt build failed (exit {proc.returncode}):\n{proc.stdout[-8000:]}", pytrace=False)
    yield wh


@dataclass
class ProjectCopy:
    """A copy of the dbt project and of the built warehouse, for the `mf` command line.

    `mf` reads <project>/target/semantic_manifest.json whatever DBT_TARGET_PATH says, and
    opens the DuckDB file for writing, so it runs on copies rather than on the repository.
    """

    root: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            list(args), cwd=self.root, env=self.env, capture_output=True, text=True, timeout=600
        )
        assert proc.returncode == 0, (
            f"{args} exited {proc.returncode}: {proc.stdout[-4000:]}{proc.stderr[-2000:]}"
        )
        return proc


@pytest.fixture(scope="session")
def project_copy(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> ProjectCopy:
    root = tmp_path_factory.mktemp("project")
    for part in ("models", "macros", "tests", "analyses", "seeds"):
        shutil.copytree(REPO / part, root / part)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(REPO / name, root / name)
    db_copy = root / "target" / "cx_metrics.duckdb"
    db_copy.parent.mkdir(parents=True)
    shutil.copy(warehouse.db_path, db_copy)
    env = dict(warehouse.env)
    env.update(
        {
            "DBT_PROJECT_DIR": str(root),
            "DBT_PROFILES_DIR": str(root),
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
            "CXM_DUCKDB_PATH": str(db_copy),
        }
    )
    copy = ProjectCopy(root, env)
    copy.run(str(BIN / "dbt"), "parse")
    return copy


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the size of the bad-input corpus (pytests/test_bad_inputs.py) when it ran."""
    corpus = sys.modules.get("pytests.test_bad_inputs")
    if corpus is not None:
        terminalreporter.write_line(corpus.corpus_summary())
