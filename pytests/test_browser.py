"""The page-test harness itself: Debian's chromium starts headless and reports what a page does."""

from __future__ import annotations

from pathlib import Path

from pytests.browser import browser, open_page  # noqa: F401


def test_chromium_renders_a_local_page_and_reports_console_errors(open_page, tmp_path: Path) -> None:  # noqa: F811
    page = tmp_path / "p.html"
    page.write_text(
        "<html><body><p id='x'>42</p><script>console.error('boom')</script></body></html>",
        encoding="utf-8",
    )
    visit = open_page(page.as_uri(), wait_for="#x")
    assert visit.page.inner_text("#x") == "42"
    assert visit.console_errors == ["boom"]
    assert visit.external_requests == []
