"""Deadlines: the plan's wording, a machine date where one is meant, and milestones.

``2021年12月底`` → 2021-12-31; ``年底前`` → the plan year's 31 December; ``长期坚持`` → no
deadline (``null``); ``2021年6月底取得阶段性成效,12月底前完成`` → a milestone on 2021-06-30 and
the deadline 2021-12-31; ``2021年11月底取得阶段性成效,长期坚持`` → a milestone and no deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from .text import fold

_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

DATE_RE = re.compile(
    r"(?P<iso>(?P<iy>\d{4})[-./](?P<im>\d{1,2})(?:[-./](?P<id>\d{1,2}))?)"
    r"|(?:(?P<y>\d{4})年|(?P<rel>明年|次年|今年|当年))?"
    r"(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号]|(?P<mend>底|末|份|下旬|中旬|上旬))?"
    r"|(?P<half>上半年|下半年|年中|年底|年末|年内|全年|底|末)"
    r"|第?(?P<q>[一二三四1-4])季度末?)"
)
ONGOING_RE = re.compile(r"长期坚持|长期|常态化|持续推进|持续开展|持续实施|长效")
# Deadline phrases recognised inside the text of a commitment (not only in 完成时限 lines).
TEXT_DEADLINE_RE = re.compile(
    r"(?:\d{4}年|今年|年内)?\d{1,2}月(?:底|末|\d{1,2}[日号])?前|(?:\d{4}年|年)底前"
)


@dataclass(frozen=True)
class Milestone:
    """An intermediate deadline."""

    date: dt.date
    text: str


@dataclass
class Deadline:
    """A deadline as the plan words it.

    ``date`` is the machine deadline; ``None`` with ``ongoing`` means there is none
    (``长期坚持``); ``None`` without ``ongoing`` means the wording names no date.
    """

    text: str
    date: dt.date | None
    ongoing: bool = False
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        """Whether the wording gave a date or said there is none."""
        return self.date is not None or self.ongoing


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def date_of(match: re.Match[str], year: int) -> dt.date | None:
    """The date a :data:`DATE_RE` match means, with ``year`` as the default year."""
    g = match.groupdict()
    try:
        if g["iso"]:
            y, m = int(g["iy"]), int(g["im"])
            return dt.date(y, m, int(g["id"])) if g["id"] else _month_end(y, m)
        y = int(g["y"]) if g["y"] else year
        if g["rel"] in ("明年", "次年"):
            y = year + 1
        if g["m"]:
            m = int(g["m"])
            if g["d"]:
                return dt.date(y, m, int(g["d"]))
            if g["mend"] == "上旬":
                return dt.date(y, m, 10)
            if g["mend"] == "中旬":
                return dt.date(y, m, 20)
            return _month_end(y, m)
        if g["half"]:
            if g["half"] in ("上半年", "年中"):
                return dt.date(y, 6, 30)
            if g["half"] in ("底", "末") and not g["y"] and not g["rel"]:
                return None  # a bare 底 is not a date
            return dt.date(y, 12, 31)
        if g["q"]:
            return _month_end(y, _QUARTER[g["q"]] * 3)
    except ValueError:
        return None
    return None


def _clauses(text: str) -> list[tuple[int, int]]:
    folded = fold(text).text
    spans = []
    start = 0
    for i, ch in enumerate(folded):
        if ch in ",，;；。":
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(folded):
        spans.append((start, len(folded)))
    return spans


# A multi-year period (``2013—2017年``): the commitment runs to the end of its last year.
PERIOD_RE = re.compile(r"^(\d{4})\s*[—–~-]+\s*(\d{4})\s*年$")


def parse_deadline(text: str, year: int) -> Deadline:
    """Parse a deadline wording such as a ``完成时限:`` value."""
    folded = fold(text)
    wording = text.strip()
    period = PERIOD_RE.match(folded.text.strip())
    if period and int(period.group(1)) <= int(period.group(2)):
        return Deadline(wording, dt.date(int(period.group(2)), 12, 31))
    dated: list[Milestone] = []
    ongoing = False
    current_year = year
    for start, end in _clauses(text):
        clause = folded.text[start:end]
        if ONGOING_RE.search(clause):
            ongoing = True
        for m in DATE_RE.finditer(clause):
            if not m.group(0):
                continue
            when = date_of(m, current_year)
            if when is None:
                continue
            current_year = when.year
            dated.append(Milestone(when, folded.span(start, end).strip()))
            break
    if ongoing:
        return Deadline(wording, None, True, dated)
    if dated:
        return Deadline(wording, dated[-1].date, False, dated[:-1])
    return Deadline(wording, None, False, [])


def deadline_in_text(text: str, year: int) -> Deadline | None:
    """A deadline phrase inside the text of a commitment (``年底前``, ``6月底前``), when the
    text names exactly one."""
    folded = fold(text)
    phrases = {folded.span(m.start(), m.end()) for m in TEXT_DEADLINE_RE.finditer(folded.text)}
    if len(phrases) != 1:
        return None
    phrase = phrases.pop()
    parsed = parse_deadline(phrase, year)
    if parsed.date is None:
        return None
    return Deadline(phrase, parsed.date, False, [])
