"""Progress reports (进展情况 / 完成情况) as ``updates`` of an existing plan's commitments.

A report lists items, numbered like the plan or not, each with a progress wording, often a
status word (已完成, 正常推进, 进度滞后…) and sometimes a percentage. Each item is matched
to a commitment by its number when the texts agree, else by text similarity, and becomes
one update ``{date, status, progress, note, source}``. The report date comes from the text
(``截至2022年6月30日``, ``2022年上半年``, ``1-9月``…).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from .deadlines import DATE_RE, date_of
from .structure import Block, Outline, parse
from .text import fold, key

# Status words, checked in this order: an explicit delay or adjustment wins over a
# 已完成 that only reports part of the work (已完成培训40人次，正常推进).
STATUS_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("adjusted", ("已调整", "调整为", "已取消", "取消实施", "不再实施", "终止实施", "已终止")),
    ("not_started", ("未启动", "尚未启动", "未开工", "尚未开工", "未开始", "尚未开始")),
    ("behind", ("进度滞后", "滞后", "未达序时", "进展缓慢", "推进缓慢", "落后于序时", "延期")),
    ("on_track", ("正常推进", "按序时推进", "序时推进", "有序推进", "进展顺利", "稳步推进",
                  "正在推进", "推进中", "正在实施", "实施中", "进行中")),
    ("completed", ("已完成", "全面完成", "已全部完成", "全部完成", "已完工", "已竣工",
                   "已建成", "完成全年任务", "已办结")),
]  # fmt: skip
PERCENT_RE = re.compile(
    r"(?:完成进度|进度|完成率|完成(?:年度|全年)?(?:目标|任务|计划)?(?:的)?|占)\s*(?:为|达|达到)?"
    r"\s*(\d{1,3}(?:\.\d+)?)\s*%"
)
REPORT_DATE_RE = re.compile(
    r"截至\s*(?P<a>\d{4}年\d{1,2}月(?:\d{1,2}日|底|末)?)"
    r"|(?P<y>\d{4})年\s*(?P<period>上半年|前三季度|第[一二三四]季度|[一二三四]季度|全年|年底|"
    r"1\s*[-—至]\s*(?P<m>\d{1,2})\s*月)"
    r"|(?P<b>\d{4}年\d{1,2}月)(?:份)?\s*(?:进展|完成|推进)"
)
REPORT_WORDS = ("进展情况", "完成情况", "推进情况", "进展", "完成")


class ReportError(ValueError):
    """A progress report that cannot be applied."""


@dataclass
class ReportItem:
    """One entry of a progress report."""

    number: int
    text: str
    note: str
    status: str | None
    progress: float | int | None
    line: int


@dataclass
class Match:
    """A report item matched to a commitment (``no`` is ``None`` when unmatched)."""

    item: ReportItem
    no: int | None
    how: str  # "number", "text" or "unmatched"
    score: float = 0.0


@dataclass
class Report:
    """A parsed progress report."""

    title: str | None
    date: dt.date | None
    items: list[ReportItem] = field(default_factory=list)
    outline: Outline | None = None


def status_of(text: str) -> str | None:
    """The status a wording states, if any."""
    k = key(text)
    for status, words in STATUS_WORDS:
        if any(w in k for w in words):
            if status == "completed" and re.search(r"已完成[^,，。;；]*?\d", k):
                continue  # 已完成培训40人次: a part of the work, not the status
            return status
    return None


def percent_of(text: str) -> int | float | None:
    """A completion percentage stated in ``text``."""
    m = PERCENT_RE.search(key(text))
    if not m:
        return None
    value = float(m.group(1))
    if value > 100:
        return None
    return int(value) if value == int(value) else value


def report_date(text: str, year: int | None) -> dt.date | None:
    """The date a report speaks for, from its title or first lines."""
    k = key(text)
    m = REPORT_DATE_RE.search(k)
    if not m:
        return None
    y = int(m.group("y")) if m.group("y") else (year or dt.date.today().year)
    if m.group("a") or m.group("b"):
        phrase = m.group("a") or m.group("b")
        d = DATE_RE.search(phrase)
        return date_of(d, y) if d else None
    period = m.group("period")
    if period == "上半年":
        return dt.date(y, 6, 30)
    if period == "前三季度":
        return dt.date(y, 9, 30)
    if period in ("全年", "年底"):
        return dt.date(y, 12, 31)
    if "季度" in period:
        q = "一二三四".index(period.lstrip("第")[0]) + 1
        return {1: dt.date(y, 3, 31), 2: dt.date(y, 6, 30), 3: dt.date(y, 9, 30),
                4: dt.date(y, 12, 31)}[q]  # fmt: skip
    if m.group("m"):
        month = int(m.group("m"))
        d = DATE_RE.search(f"{y}年{month}月")
        return date_of(d, y) if d else None
    return None


def _item(block: Block) -> ReportItem:
    pieces = [p for p in block.pieces if p.strip()]
    text = "\n".join(pieces)
    note = ""
    for label, value in block.extra.items():
        if label in ("进展情况", "完成情况", "推进情况", "进展", "进度", "完成进度"):
            note = (note + " " + value).strip() if note else value
    status_words = " ".join(v for k, v in block.extra.items() if k in ("状态", "完成情况"))
    if not note:
        folded = fold(text)
        m = re.search(r"(进展情况|完成情况|推进情况|进展)\s*[:]", folded.text)
        if m:
            note = folded.tail(m.end()).strip()
            text = folded.span(0, m.start()).strip(" ;；,，。\n")
    status = status_of(status_words) if status_words else None
    status = status or status_of(note or text)
    progress = percent_of(note or text)
    if status is None and progress is not None:
        status = "completed" if progress >= 100 else "on_track"
    return ReportItem(block.number, text, note or text, status, progress, block.line)


def parse_report(text: str, year: int | None) -> Report:
    """Items, date and title of a progress report."""
    outline = parse(text)
    head = "\n".join(ln.text for ln in outline.preamble[:8])
    title = next((ln.text for ln in outline.preamble if any(w in ln.key for w in REPORT_WORDS)),
                 outline.preamble[0].text if outline.preamble else None)  # fmt: skip
    return Report(
        title=title,
        date=report_date(head, year),
        items=[_item(b) for b in outline.blocks],
        outline=outline,
    )


def similarity(a: str, b: str) -> float:
    """How alike two texts are, on their folded forms (0…1)."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 0.0
    return SequenceMatcher(None, ka, kb, autojunk=False).ratio()


def _containment(short: str, long: str) -> float:
    ks, kl = key(short), key(long)
    if not ks:
        return 0.0
    m = SequenceMatcher(None, ks, kl, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()) / len(ks)


def match_items(items: list[ReportItem], commitments: list[dict[str, Any]]) -> list[Match]:
    """Match report items to commitments: by number when the texts agree, else by text."""
    by_no = {int(c["no"]): c for c in commitments if "no" in c}
    texts = {int(c["no"]): f"{c.get('title') or ''}{c.get('text') or ''}" for c in commitments}
    matches: list[Match] = []
    taken: set[int] = set()
    for item in items:
        c = by_no.get(item.number)
        if c is not None and item.number not in taken:
            score = _containment(item.text, texts[item.number])
            if score >= 0.5 or len(key(item.text)) <= 4:
                matches.append(Match(item, item.number, "number", score))
                taken.add(item.number)
                continue
        best_no, best = None, 0.0
        for no, t in texts.items():
            if no in taken:
                continue
            score = max(_containment(item.text, t), similarity(item.text, t))
            if score > best:
                best_no, best = no, score
        if best_no is not None and best >= 0.5:
            matches.append(Match(item, best_no, "text", best))
            taken.add(best_no)
        else:
            matches.append(Match(item, None, "unmatched", best))
    return matches
