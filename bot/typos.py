"""Words typed a little wrong: "quinao" for quinoa, "horor" for horror.

A word is read as another when it is near enough to it, or one edit away (a letter wrong,
missing or extra, or two letters swapped) and no word in use itself: "making" is not a
slip for "baking", nor "packet" for "pocket" (wordfreq says how much a word is used).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.common_words import zipf

# wordfreq's Zipf scale: a word used more than once in a million is no one-letter slip
IN_USE = 3.0


def misspelt(typed: str, words: Sequence[str], near: float) -> str | None:
    """The word of `words` that `typed` is, spelt a little wrong (`near`: the spelling
    similarity, 0 to 100, that is always enough), or None."""
    hit = process.extractOne(typed, words, scorer=fuzz.ratio, score_cutoff=near)
    if hit is None and zipf(typed) < IN_USE:
        # (a distance: the fewest edits win)
        hit = process.extractOne(typed, words, scorer=OSA.distance, score_cutoff=1)
    return str(hit[0]) if hit else None
