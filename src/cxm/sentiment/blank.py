"""What counts as an empty text (DECISIONLOG.md#blank-text), shared by the scorer and tests.

A text made only of whitespace or control characters, of any kind, is empty: Unicode
separators (Zs, Zl, Zp), control characters (Cc: tab, CR, LF, NUL...) and invisible format
characters (Cf: zero-width space, byte-order mark...). Staging applies the same rule in SQL
(macros/cross_db/cx_nonblank_text.sql), so a comment staging keeps is one the scorer scores.
"""

from __future__ import annotations

import unicodedata

BLANK_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def is_blank_text(text: str | None) -> bool:
    """True for None and for a text of whitespace / control / format characters only."""
    if text is None:
        return True
    return all(unicodedata.category(ch) in BLANK_CATEGORIES for ch in text)
