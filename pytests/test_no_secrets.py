"""No secret-looking string is committed; profiles read credentials only from the environment."""

from __future__ import annotations

import re
import subprocess

import yaml

from .conftest import REPO

PATTERNS = {
    "AWS access key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "private key": re.compile(r"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{36,}"),
    "Slack token": re.compile(r"xox[baprs]-[A-Za-z0-9-]{10,}"),
    "Databricks token": re.compile(r"dapi[0-9a-f]{32}"),
    "password assignment": re.compile(
        r"(?i)(password|passwd|secret|token)\s*[:=]\s*['\"]?[A-Za-z0-9/+_\-]{8,}"
    ),
}
SECRET_KEYS = {"password", "pass", "token", "secret", "private_key", "access_key", "client_secret"}


def _tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True)
    return [f for f in out.stdout.splitlines() if f]


def test_no_secret_looking_strings_are_committed() -> None:
    files = _tracked_files()
    assert files, "git ls-files listed nothing"
    hits = []
    for name in files:
        if name.endswith((".csv", ".parquet", ".lock")) or name == "pytests/test_no_secrets.py":
            continue
        text = (REPO / name).read_text(encoding="utf-8", errors="ignore")
        for label, pattern in PATTERNS.items():
            for m in pattern.finditer(text):
                if "env_var(" in text[max(0, m.start() - 5) : m.end() + 40]:
                    continue
                hits.append(f"{name}: {label}: {m.group(0)[:20]}...")
    assert hits == []


def test_the_scanner_finds_a_planted_secret() -> None:
    planted = "aws_key = AKIA" + "ABCDEFGHIJKLMNOP"
    assert any(p.search(planted) for p in PATTERNS.values())


def test_profiles_take_credentials_only_from_environment_variables() -> None:
    profiles = yaml.safe_load((REPO / "profiles.yml").read_text())
    for profile in profiles.values():
        for target, output in profile.get("outputs", {}).items():
            for key, value in output.items():
                if key in SECRET_KEYS:
                    assert "env_var(" in str(value), f"{target}.{key} must come from env_var()"


# A salt written into a file: a quoted assignment, or a Makefile `?=` / `:=` default.
SALT_ASSIGNMENT = re.compile(
    r"""(?i)\w*salt\w*["']?\s*(?:\?=|:=|=|:)\s*(?:(["'])([^"'\s]{8,})\1|(?<=[?:]=)\s*([^\s"'#]{8,}))"""
)


def test_committed_pii_salts_are_only_labelled_public_demo_values() -> None:
    """The salt that hashes personal data comes from the environment (CXM_PII_SALT); the only
    salts in the repository are the demo/test defaults, each labelled `not-for-production`."""
    found = []
    for name in _tracked_files():
        if name.endswith((".csv", ".parquet", ".lock")):
            continue
        text = (REPO / name).read_text(encoding="utf-8", errors="ignore")
        for m in SALT_ASSIGNMENT.finditer(text):
            value = m.group(2) or m.group(3)
            found.append(value)
            assert "not-for-production" in value, f"{name}: a real-looking salt is committed: {value[:6]}..."
    assert found, "the demo salt defaults (Makefile, pytests/conftest.py) were not found"


def test_the_salt_scanner_finds_a_planted_salt() -> None:
    planted = 'PII_SALT = "' + "f3a9c2" + 'd81b7e4410"'
    m = SALT_ASSIGNMENT.search(planted)
    assert m and "not-for-production" not in (m.group(2) or m.group(3))
