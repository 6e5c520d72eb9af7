"""What the structure reader produces: items (:class:`Block`), candidate lists and the
outline of a whole text (preamble, sections, items, and where every other line went)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .departments import UnitGroup
from .lines import Line


@dataclass
class Block:
    """One numbered item (a commitment or a progress entry) as found in the text."""

    number: int
    line: int
    style: str
    pieces: list[str]  # the head and further paragraphs, original text
    section: str | None = None
    title: str | None = None
    unit_groups: list[UnitGroup] = field(default_factory=list)
    deadline_text: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    closed: bool = False
    has_heading_line: bool = False  # the first piece is a heading line with body below


@dataclass
class Candidate:
    """One way to read the list of a text: its items and the lines they take.

    ``kind`` names the rule that found it (``numbered``, ``table``, ``enumeration``…);
    ``stated`` holds, per list the candidate is made of, the count its introduction states
    and the count found, so that the chooser can weigh the evidence.
    """

    kind: str
    blocks: list[Block]
    used: set[int] = field(default_factory=set)  # line numbers taken by items and headings
    sections: list[str] = field(default_factory=list)
    section_lines: set[int] = field(default_factory=set)
    stated: list[tuple[int | None, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    priority: int = 1  # line-numbered lists and tables 2, run-in lists 1, bare lines 0

    @property
    def fits(self) -> bool:
        """Whether every list with a stated count has exactly that many items."""
        checked = [(s, n) for s, n in self.stated if s is not None]
        return bool(checked) and all(s == n for s, n in checked)


@dataclass
class Outline:
    """The outline of a text: every line is in ``preamble``, an item, a section heading,
    ``metadata``, ``closing``, ``noise`` or ``unplaced``."""

    lines: list[Line]
    preamble: list[Line] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    unplaced: list[Line] = field(default_factory=list)
    noise: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    cleaned: int = 0  # lines with pinyin residue or radical look-alikes repaired
    kind: str = ""  # the rule whose list was chosen
