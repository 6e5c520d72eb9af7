"""Where each commitment stands in its plan's archived source text.

A commitment's text is the plan's own words, but as an editor or the importer left them:
line breaks joined, full-width characters folded, a leading number or a trailing list of
departments dropped. So the text is searched for in a folded form of the source (NFKC, no
white space), commitments in plan order, each from where the one before it was found; the
passage is mapped back to the characters of the unaltered source. A commitment whose words
are not found has no passage (its page then links the source page without an anchor).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# How many folded characters of a commitment's text must match to place it: enough to be
# unambiguous in a plan, short enough to survive an editor's change further on.
PROBE = 12
SHORT_PROBE = 8  # when an editor changed the text within its first 12 characters


@dataclass(frozen=True, slots=True)
class Passage:
    no: int
    start: int  # offsets into the unaltered source text
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the source text: a commitment's passage (``no``) or text between them."""

    text: str
    no: int | None = None


def fold(text: str) -> tuple[str, list[int]]:
    """The text in the form passages are matched in (NFKC, no white space), and for each
    folded character the offset of the source character it came from."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch):
            if not out.isspace():
                chars.append(out)
                where.append(i)
    return "".join(chars), where


def locate(source: str, items: Iterable[tuple[int, str]]) -> tuple[Passage, ...]:
    """The passage of each ``(no, text)`` found in ``source``, in the order given."""
    folded, where = fold(source)
    found: list[Passage] = []
    cursor = 0
    for no, text in items:
        words, _ = fold(text)
        if not words:
            continue
        at, skipped = -1, 0
        # the text's first words, else (an editor's change at its start) later ones
        # (the first 12 characters, the first 8, then each later run of 12)
        probes = [(0, PROBE), (0, SHORT_PROBE)] + [
            (k, PROBE) for k in range(PROBE, max(len(words) - PROBE, 0) + 1, PROBE)
        ]
        for skipped, size in probes:
            probe = words[skipped : skipped + size]
            at = folded.find(probe, cursor)
            if at < 0:
                at = folded.find(probe)  # an item the plan lists out of order
                if at >= 0 and any(p.start <= where[at] < p.end for p in found):
                    at = -1
            if at >= 0:
                break
        if at < 0:
            continue
        length = _common_prefix(folded, at, words[skipped:])
        start, end = where[at], where[at + length - 1] + 1
        found.append(Passage(no, start, end))
        cursor = at + length
    return tuple(sorted(found, key=lambda p: p.start))


def _common_prefix(folded: str, at: int, words: str) -> int:
    n = 0
    while n < len(words) and at + n < len(folded) and folded[at + n] == words[n]:
        n += 1
    return n


def segments(source: str, passages: Iterable[Passage]) -> tuple[Segment, ...]:
    """The source cut into runs, each passage its own run (passages do not overlap)."""
    out: list[Segment] = []
    pos = 0
    for p in sorted(passages, key=lambda p: p.start):
        if p.start < pos:
            continue
        if p.start > pos:
            out.append(Segment(source[pos : p.start]))
        out.append(Segment(source[p.start : p.end], p.no))
        pos = p.end
    if pos < len(source):
        out.append(Segment(source[pos:]))
    return tuple(out)
