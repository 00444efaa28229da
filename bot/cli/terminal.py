"""Text bound for a terminal: control and bidi characters from data are shown, not obeyed.

Titles, descriptions and the files they come from can hold ESC sequences (colours,
cursor moves, a cleared screen), NUL and other C0/C1 controls, or bidi overrides that
make a line read in another order than it is written. The CLI prints nothing raw:
`main` sends the whole command's stdout through `TerminalWriter`, and messages on
stderr go through `warn` (stderr itself is left alone: progress bars draw on it with
carriage returns).

Each such character is written as its `\\uXXXX` escape, so a person sees that
something was there. Inside JSON output, where control characters can only stand in
strings, that is a valid JSON escape: `--json` stays JSON and decodes to the stored
text. The stored data and the web pages are not changed (the web escapes on its own).
"""

from __future__ import annotations

import io
import re
import sys
from typing import TextIO

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 controls but tab and newline, DEL, C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\ud800-\udfff]"  # lone surrogates: undecodable bytes kept by `surrogateescape`
)


def printable(text: str) -> str:
    """`text` with each character that could drive a terminal written as `\\uXXXX`."""
    return UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def warn(message: str) -> None:
    """A message for the person on stderr; messages quote values from their files."""
    print(printable(message), file=sys.stderr)


class TerminalWriter(io.TextIOBase):
    """A text stream that passes everything written through `printable` to `target`."""

    def __init__(self, target: TextIO):
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    def writable(self) -> bool:
        return True

    @property  # rich picks its box characters by the stream's encoding
    def encoding(self) -> str:  # type: ignore[override]  # typeshed: an attribute
        return self.target.encoding
