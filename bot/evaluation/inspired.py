"""Convert the INSPIRED dialogues (Hayati et al., EMNLP 2020) into dialogue evaluation cases.

INSPIRED is a TSV of utterances: dialog_id, utt_id, speaker (RECOMMENDER or SEEKER), text
(quotes written as QUOTATION_MARK), and `movies`, the titles an utterance mentions
("Hustlers (2019); Deadpool (2016)"). Consecutive utterances of one speaker form a turn.
Every recommender turn that brings up movies not mentioned before in its dialogue is a
case: the turns before it are the history, those new movies are the targets (the usual
protocol for conversational recommendation on ReDial and INSPIRED).

    recbot convert-inspired ../shared/data/inspired/test.tsv -o inspired-test.jsonl
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.evaluation.dialogues import DialogueFileError

SPEAKERS = {"RECOMMENDER": "assistant", "SEEKER": "user"}
NEEDED = ("dialog_id", "utt_id", "speaker", "text", "movies")


def read_utterances(path: str | Path) -> dict[str, list[dict[str, str]]]:
    """Utterances by dialogue, in order."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in NEEDED if c not in (reader.fieldnames or [])]
            if missing:
                raise DialogueFileError(f"{path} is not an INSPIRED file: no column(s) "
                                        f"{', '.join(missing)}")
            dialogues: dict[str, list[dict[str, str]]] = {}
            for line, row in enumerate(reader, start=2):
                if row["speaker"] not in SPEAKERS:
                    raise DialogueFileError(f"{path}, line {line}, field 'speaker': expected "
                                            f"RECOMMENDER or SEEKER, got {row['speaker']!r}")
                dialogues.setdefault(row["dialog_id"], []).append(row)
    except (OSError, UnicodeDecodeError) as exc:
        raise DialogueFileError(f"cannot read {path}: {exc}") from exc
    for rows in dialogues.values():
        rows.sort(key=lambda r: int(r["utt_id"]) if r["utt_id"].isdigit() else 0)
    return dialogues


def cases(path: str | Path) -> Iterator[dict[str, Any]]:
    """Evaluation cases ({"turns", "targets", "dialog_id"}) from an INSPIRED TSV file."""
    for dialog_id, rows in read_utterances(path).items():
        history: list[dict[str, str]] = []
        mentioned: set[str] = set()
        for role, text, movies in _turns(rows):
            new = [m for m in movies if m not in mentioned]
            if role == "assistant" and new:
                yield {"turns": list(history), "targets": new, "dialog_id": dialog_id}
            history.append({"role": role, "text": text})
            mentioned.update(movies)


def convert(source: str | Path, target: str | Path) -> int:
    """Write the cases of `source` to `target` as JSONL; returns how many."""
    count = 0
    with Path(target).open("w", encoding="utf-8") as out:
        for case in cases(source):
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
            count += 1
    return count


def _turns(rows: list[dict[str, str]]) -> Iterator[tuple[str, str, list[str]]]:
    """(role, text, movies) with consecutive utterances of one speaker joined."""
    role, texts, movies = "", [], []  # type: ignore[var-annotated]
    for row in rows:
        speaker = SPEAKERS[row["speaker"]]
        if speaker != role and texts:
            yield role, " ".join(texts), list(dict.fromkeys(movies))
            texts, movies = [], []
        role = speaker
        texts.append(_clean(row["text"]))
        movies += [m.strip() for m in (row.get("movies") or "").split(";") if m.strip()]
    if texts:
        yield role, " ".join(texts), list(dict.fromkeys(movies))


def _clean(text: str) -> str:
    return " ".join(text.replace("QUOTATION_MARK", '"').split())
