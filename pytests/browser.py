"""Headless Chromium for page tests: Debian's `chromium` driven by Playwright.

Playwright's own browser download is not reachable here, so it launches the system browser
(`make browser` installs it with apt). The flags keep Chromium off the network: no background
services, no component updates, no QUIC. A test imports the fixtures it needs:

    from pytests.browser import browser, open_page  # noqa: F401
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@dataclass
class PageVisit:
    """A page opened in the browser, with what its console and network reported."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + self.failed_requests + self.external_requests


# One Playwright and one Chromium per test process. Each module that imports the fixtures gets its
# own copy of the session fixture, and Playwright's sync API cannot start twice in one process
# ("Sync API inside the asyncio loop"), so the copies share this and the last one closes it.
_SHARED: dict[str, Any] = {}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session. Fails (never skips) when the browser is missing."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make browser` (apt-get install chromium)")
    if not _SHARED:
        playwright = sync_playwright().start()
        _SHARED.update(
            playwright=playwright,
            chromium=playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS),
            users=0,
        )
    _SHARED["users"] += 1
    try:
        yield _SHARED["chromium"]
    finally:
        _SHARED["users"] -= 1
        if _SHARED["users"] == 0:
            _SHARED["chromium"].close()
            _SHARED["playwright"].stop()
            _SHARED.clear()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., PageVisit]]:
    """Open a URL (file:// or http://localhost) and record console errors and off-machine requests."""
    contexts: list[Any] = []

    def _open(url: str, wait_for: str | None = None, timeout_ms: int = 30_000) -> PageVisit:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        visit = PageVisit(page)
        page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: visit.failed_requests.append(f"{r.url}: {r.failure}"))

        def _record(request: Any) -> None:
            u = request.url
            if (
                not u.startswith(("file:", "data:", "blob:", "about:"))
                and "://localhost" not in u
                and ("://127.0.0.1" not in u)
            ):
                visit.external_requests.append(u)

        page.on("request", _record)
        page.goto(url, wait_until="load", timeout=timeout_ms)
        if wait_for:
            page.wait_for_selector(wait_for, timeout=timeout_ms)
        return visit

    yield _open
    for context in contexts:
        context.close()
