"""Language detection of open text with lingua (PyPI `lingua-language-detector`, Apache-2.0).

lingua's n-gram models ship inside its wheel and are read from the installed package: nothing
is downloaded (pytests/test_sentiment.py runs detection with sockets blocked). The detector
chooses among the languages the scorer covers (`cxm.sentiment.SCORED_LANGUAGES`), in lingua's
high-accuracy mode, with every model loaded once per process. The confidence is lingua's
relative confidence of the chosen language among those candidates (0..1; it is not a
probability that the text is in any of them). A text without letters gets (None, None).

    >>> detect_languages(["Das Paket ist nicht angekommen", "12345"])
    [('de', 0.9774), (None, None)]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

CANDIDATES: tuple[str, ...] = ("en", "pl", "pt", "es", "de", "fi", "ru", "fr", "it", "ar", "hi")
# below this confidence the scorer does not trust the detection either and falls back to the
# function-word guess (English when nothing matches): "ok" is Finnish at 0.45
MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def detector() -> Any:
    """lingua's detector over CANDIDATES (built once: about a second)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in CANDIDATES]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def detect_languages(texts: Sequence[str]) -> list[tuple[str | None, float | None]]:
    """(ISO 639-1 code, confidence rounded to 4 places) of each text; (None, None) without letters."""
    if not texts:
        return []
    found = detector()
    out: list[tuple[str | None, float | None]] = []
    for text in texts:
        values = found.compute_language_confidence_values(text) if any(c.isalpha() for c in text) else []
        if not values or values[0].value <= 0:
            out.append((None, None))
            continue
        top = values[0]
        out.append((top.language.iso_code_639_1.name.lower(), round(float(top.value), 4)))
    return out
