"""Progress reports (进展情况 / 完成情况) as ``updates`` of an existing plan's commitments.

A report comes in one of a few families, read in this order (the first that finds items
wins):

- **numbered items** ``N. …进展情况：…`` in any order, with gaps (a partial report lists
  only some commitments; each number starts its own item, whatever came before);
- **status groups**: ``已完成的有：A、B；正常推进的有：C`` or ``一是已完成…的项目25个。分别为：
  A、B…`` (each project takes the group's status), and ``2项提前超额完成全年任务。“A”…；“B”…``
  (quoted names at the start of each clause);
- **tables** with a 完成情况 / 完成率 / 当前进度 / 进展情况 column, one row per line (a
  line without a 序号 is a sub-row of the row above), or one cell per line ending ``|`` as
  some mirror sites print them (rows told apart by their running number and the header's
  cell count);
- **paragraphs**: one item per line (``title(2013—2017年)。上半年…``) or per ``；`` clause
  after ``其中，``, unnumbered.

Each item gets a status from its wording (:data:`STATUS_WORDS`) and a ``progress`` from a
completion percentage. A table row with sub-rows gets a status only when every sub-row
states the same one (a percentage of 100 or more counts as 已完成), and a ``progress`` only
when every sub-row states a percentage: a row whose second target has no figure is never
reported as completed. Items are then matched to commitments by number **and** text
similarity (:func:`match_items`): a match is written only when the two agree or one is
clear and the other silent; otherwise the item is listed for the editor with both
candidates, and nothing is written for it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from generator.model import STATUS_ALIASES

from .deadlines import DATE_RE, date_of
from .structure import marker
from .text import fold, key, split_lines, strip_pinyin

# Status words, checked in this order: an explicit delay or adjustment wins over a
# 已完成 that only reports part of the work (已完成培训40人次，正常推进), and "on schedule"
# wins over 完成 (完成节点任务, 已完成或达到时序进度: not necessarily finished).
_STATUS_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("adjusted", ("已调整", "调整为", "已取消", "取消实施", "不再实施", "终止实施", "已终止")),
    ("not_started", ("未启动", "尚未启动", "未开工", "尚未开工", "未开始", "尚未开始")),
    ("behind", ("进度滞后", "滞后", "未达序时", "慢于序时", "低于序时", "进展缓慢", "推进缓慢",
                "落后于序时", "延期")),
    ("on_track", ("正常推进", "按序时推进", "序时推进", "达到序时", "达到时序", "快于序时",
                  "超序时", "完成节点任务", "完成节点目标", "完成序时进度", "达到时间进度",
                  "按计划推进", "有序推进", "进展顺利", "稳步推进",
                  "正在推进", "推进中", "正在实施", "实施中", "进行中")),
    ("completed", ("已完成", "全面完成", "已全部完成", "全部完成", "已完工", "已竣工",
                   "已建成", "完成全年任务", "已办结", "全部完工", "超额完成")),
]  # fmt: skip
# ... and the words content may use for a status (model.STATUS_ALIASES), defined once there.
STATUS_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (status, tuple(dict.fromkeys([*words, *(w for w, s in STATUS_ALIASES.items() if s == status)])))
    for status, words in _STATUS_WORDS
]
PERCENT_RE = re.compile(
    r"(?:完成进度|进度|完成率|完工率|竣工率|投资完成率|实际完成率|完成(?:年度|全年)?(?:目标|任务|计划)?(?:的)?|占)"
    r"\s*(?:为|达|达到)?\s*(\d{1,3}(?:\.\d+)?)\s*%"
)
BARE_PERCENT_RE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%")
REPORT_DATE_RE = re.compile(
    r"截至\s*(?P<a>\d{4}年\d{1,2}月(?:\d{1,2}日|底|末)?)"
    r"|(?P<y>\d{4})年\s*(?P<period>上半年|前三季度|第[一二三四]季度|[一二三四]季度|全年|年底|"
    r"1\s*[-—至]\s*(?P<m>\d{1,2})\s*月)"
    r"|(?P<b>\d{4}年\d{1,2}月)(?:份)?\s*(?:进展|完成|推进)"
)
_YEARLESS = re.compile(
    r"(?P<rest>上半年|前三季度|1\s*[-—至]\s*\d{1,2}\s*月|(?<=截至)\s*\d{1,2}月(?:底|末|\d{1,2}日))"
)
ITEM_START_RE = re.compile(r"\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、．:：]")
REPORT_WORDS = ("进展情况", "完成情况", "推进情况", "进展", "完成")
PROGRESS_LABELS = ("进展情况", "完成情况", "推进情况", "进展", "进度", "完成进度", "当前进度")
TABLE_HEADERS = ("完成情况", "完成率", "当前进度", "进展情况", "推进情况", "进度")

# Matching thresholds on the similarity of :func:`similarity` (0…1).
STRONG = 0.6  # the texts clearly speak of the same thing
AGREE = 0.3  # enough for a number to be trusted (same topic, other words)
MARGIN = 0.15  # how far a best text match must lead the next one


@dataclass
class ReportItem:
    """One entry of a progress report (``number`` is ``None`` for unnumbered entries)."""

    number: int | None
    text: str
    note: str
    status: str | None
    progress: float | int | None
    line: int
    no_status: str = ""  # why a status could not be read, when it could not

    @property
    def label(self) -> str:
        return f"item {self.number}" if self.number is not None else f"“{self.text[:24]}”"


@dataclass
class Candidate:
    no: int
    score: float


@dataclass
class Match:
    """A report item and the commitment it is written to (``no`` is ``None`` when it is
    not written: ``how`` is then "unmatched" or "ambiguous", with the candidates)."""

    item: ReportItem
    no: int | None
    how: str  # "number", "text", "number and text", "unmatched" or "ambiguous"
    score: float = 0.0
    candidates: list[Candidate] = field(default_factory=list)
    reason: str = ""


@dataclass
class Report:
    """A parsed progress report."""

    title: str | None
    date: dt.date | None
    items: list[ReportItem] = field(default_factory=list)
    family: str = ""


# What may follow 已完成 when it reports the whole commitment done (已完成。已完成的有：
# 已完成年度任务), not a step of it (已完成招标, 已完成主体建设).
_WHOLE = re.compile(r"$|[,，。;；:：!！、\s)）]|的|或|并|全|年度|任务|目标|计划")


def status_of(text: str) -> str | None:
    """The status a wording states, if any."""
    k = key(text)
    for status, words in STATUS_WORDS:
        if any(w in k for w in words):
            if (
                status == "completed"
                and not any(w in k for w in words if w != "已完成")
                and not any(_WHOLE.match(k, m.end()) for m in re.finditer("已完成", k))
            ):
                continue  # 已完成培训40人次, 已完成现场评审: a part of the work, not the status
            return status
    return None


def percent_of(text: str, *, bare: bool = False) -> int | float | None:
    """The completion percentage stated in ``text`` (the lowest, when several are; with
    ``bare``, as in a 完成率 column, any ``N%``). Above 100 % counts as 100."""
    # A table's cells stay apart (``700 54%``); prose is compared without spaces.
    k = text.replace("％", "%") if bare else key(text)
    found = [float(m.group(1)) for m in (BARE_PERCENT_RE if bare else PERCENT_RE).finditer(k)]
    if not found:
        return None
    value = min(min(found), 100.0)
    return int(value) if value == int(value) else value


def report_date(text: str, year: int | None) -> dt.date | None:
    """The date a report speaks for, from its title or first lines."""
    k = key(text)
    m = REPORT_DATE_RE.search(k)
    if not m and year is not None:  # 上半年, 1-11月, 截至6月底 without a year: the plan's
        yearless = _YEARLESS.search(k)
        if yearless:
            rest = yearless.group("rest")
            m = REPORT_DATE_RE.search(
                f"截至{year}年{rest}"
                if rest[0].isdigit() and "-" not in rest and "—" not in rest and "至" not in rest
                else f"{year}年{rest}"
            )
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


def _item(number: int | None, text: str, line: int, *, note: str = "",
          status: str | None = None, bare_percent: bool = False,
          parts: list[str] | None = None) -> ReportItem:  # fmt: skip
    """An item from its text: the part after a 进展情况： label is the note. ``parts`` are
    the sub-rows of a table row (see :func:`_parts_status`)."""
    text = text.strip()
    if not note:
        folded = fold(text)
        labels = "|".join(PROGRESS_LABELS)
        m = re.search(rf"({labels})\s*[:：]", folded.text)
        if m:
            note = folded.tail(m.end()).strip()
            text = folded.span(0, m.start()).strip(" ;；,，。\n")
    wording = note or text
    if parts is not None and len(parts) > 1:
        status, progress, why = _parts_status(parts, bare_percent)
    else:
        status, progress, why = _stated(wording, status, bare_percent)
    return ReportItem(number, text, (note or text).strip(), status, progress, line, why)


def _stated(wording: str, status: str | None, bare_percent: bool) -> tuple[str | None, float | int | None, str]:  # fmt: skip
    """The status and percentage one wording states, and why it has no status if not."""
    status = status or status_of(wording)
    progress = percent_of(wording, bare=bare_percent)
    why = ""
    if status is None and progress is not None and progress >= 100:
        status = "completed"
    elif status == "completed" and progress is not None and progress < 100:
        status, why = None, f"已完成 with {progress}%"  # part of it done: the editor decides
    return status, progress, why


def _parts_status(parts: list[str], bare_percent: bool) -> tuple[str | None, float | int | None, str]:  # fmt: skip
    """Status and progress of a row with sub-rows (one target each): a status only when
    every sub-row states the same one, a percentage only when every sub-row states one (the
    lowest)."""
    stated = [_stated(part, None, bare_percent) for part in parts]
    statuses = {s for s, _, _ in stated}
    percents = [p for _, p, _ in stated]
    progress = (
        None if any(p is None for p in percents) else min(p for p in percents if p is not None)
    )
    if len(statuses) == 1 and None not in statuses:
        return stated[0][0], progress, ""
    silent = sum(1 for s, _, _ in stated if s is None)
    if silent:
        return None, progress, f"{silent} of its {len(parts)} sub-rows state no status"
    return None, progress, "its sub-rows state different statuses"


# --- families -------------------------------------------------------------------------------


def _numbered(lines: list[str]) -> list[ReportItem]:
    """``N.`` items, one per numbered line, in any order; unnumbered lines continue one."""
    items: list[ReportItem] = []
    current: tuple[int, int, list[str]] | None = None

    def close() -> None:
        if current is not None:
            items.append(_item(current[0], " ".join(current[2]), current[1]))

    for i, raw in enumerate(lines, 1):
        folded = fold(raw.strip())
        found = marker(folded.text) if folded.text else None
        if found is not None and found[0] not in ("yishi",):
            close()
            current = (found[1], i, [folded.tail(found[2]).strip()])
        elif current is not None and raw.strip():
            current[2].append(raw.strip())
    close()
    # One numbered line is a title or a date, not a list.
    return items if len(items) >= 2 else []


_GROUP_HEAD = re.compile(
    r"(?P<head>[^。；;:：\n]{2,80}?[。]?)\s*(?:分别为|分别是|包括|主要有|有|为)\s*[:：]"
)
_COUNT_HEAD = re.compile(r"(?m)^\s*(?P<head>\d+\s*[项个件][^。\n]{2,40})。(?P<body>.*)$")
_QUOTED = re.compile(r"^\s*“(?P<name>(?:[^“”]|“[^”]*”)+)”")


def _split_list(body: str) -> list[str]:
    body = re.split(r"。", body, maxsplit=1)[0]
    parts = [p.strip(" \t,，") for p in re.split(r"[、;；]", body)]
    return [re.sub(r"等$", "", p) for p in parts if len(p) >= 2]


def _groups(text: str) -> list[ReportItem]:
    """Projects listed under a status: ``已完成的有：A、B；正常推进的有：C``."""
    items: list[ReportItem] = []
    heads = [m for m in _GROUP_HEAD.finditer(text) if status_of(m.group("head"))]
    if heads:  # then other groups of projects are listed too, as items without status
        heads = sorted(
            heads
            + [m for m in _GROUP_HEAD.finditer(text)
               if not status_of(m.group("head")) and re.search(r"项目|实事|工程", m.group("head"))],
            key=lambda m: m.start(),
        )  # fmt: skip
    for n, m in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        status = status_of(m.group("head"))
        line = text.count("\n", 0, m.start()) + 1
        for name in _split_list(text[m.end() : end]):
            items.append(_item(None, name, line, note=m.group("head").strip("。 "), status=status))
    for m in _COUNT_HEAD.finditer(text):
        status = status_of(m.group("head"))
        if status is None:
            continue
        line = text.count("\n", 0, m.start()) + 1
        for clause in re.split(r"[;；]", m.group("body")):
            q = _QUOTED.match(clause)
            if q:
                note = clause.strip().rstrip("。")
                items.append(_item(None, q.group("name"), line, note=note, status=status))
    return items


def _table(lines: list[str]) -> list[ReportItem]:
    """Rows of a progress table: a header line with 序号 and a progress column, then rows
    ``N cell cell …`` (a line without a number is a sub-row of the row above)."""
    start = next(
        (i for i, ln in enumerate(lines)
         if "序号" in ln and any(h in key(ln) for h in TABLE_HEADERS)),
        None,
    )  # fmt: skip
    if start is None:
        return []
    rows: list[tuple[int, int, list[list[str]]]] = []
    for i, raw in enumerate(lines[start + 1 :], start + 2):
        cells = [c for c in re.split(r"\s+|\|", raw.strip()) if c]
        if not cells:
            continue
        if re.fullmatch(r"\d{1,3}", cells[0]) and len(cells) > 1 and not cells[1][0].isdigit():
            rows.append((int(cells[0]), i, [cells[1:]]))
        elif rows:
            rows[-1][2].append(cells)
    return [_row_item(number, line, parts) for number, line, parts in rows]


def _row_item(number: int, line: int, parts: list[list[str]]) -> ReportItem:
    cells = [c for part in parts for c in part]
    return _item(number, cells[0], line, note=" ".join(cells), bare_percent=True,
                 parts=[" ".join(part) for part in parts])  # fmt: skip


_CELL_END = re.compile(r"\s*\|\s*$")


def _cell_table(lines: list[str]) -> list[ReportItem]:
    """A table printed one cell per line, each ending ``|`` (empty cells as a bare ``|``):
    the header's cells from ``序号`` to the first row's number give the row width, and a row
    starts at the next running number once the row before has its cells. A row longer than
    the header has sub-rows: the extra cells, one header width less the 序号 each."""
    cells: list[tuple[int, str]] = []
    for i, raw in enumerate(lines, 1):
        if _CELL_END.search(raw):
            cells.append((i, _CELL_END.sub("", raw).strip()))
    head = next((n for n, (_, c) in enumerate(cells) if key(c) == "序号"), None)
    if head is None:
        return []
    first = next(
        (n for n in range(head + 1, len(cells)) if re.fullmatch(r"\d{1,3}", cells[n][1])), None
    )
    if first is None:
        return []
    header = [key(c) for _, c in cells[head:first]]
    if not any(h in c for c in header for h in TABLE_HEADERS):
        return []
    width = len(header)
    rows: list[tuple[int, int, list[str]]] = []
    for n in range(first, len(cells)):
        line, cell = cells[n]
        after = cells[n + 1][1] if n + 1 < len(cells) else ""
        if (
            re.fullmatch(r"\d{1,3}", cell)
            and (not rows or (int(cell) == rows[-1][0] + 1 and len(rows[-1][2]) >= width - 2))
            and not re.match(r"[\d.%]", after)
        ):
            rows.append((int(cell), line, []))
        elif rows:
            rows[-1][2].append(cell)
    items = []
    for number, line, row in rows:
        extra = max(0, (len(row) + 1 - width) // (width - 1)) if width > 1 else 0
        split = len(row) - extra * (width - 1)
        parts = [row[:split]] + [row[split + k * (width - 1) : split + (k + 1) * (width - 1)]
                                 for k in range(extra)]  # fmt: skip
        parts = [[c for c in part if c] for part in parts]
        parts = [part for part in parts if part]
        if parts:
            items.append(_row_item(number, line, parts))
    return items


def _paragraphs(lines: list[str]) -> list[ReportItem]:
    """Unnumbered items: the ``；`` clauses after ``其中，``, else one per line that reads
    as progress (a percentage, a status word or a 完成/建成 figure)."""
    items: list[ReportItem] = []
    for i, raw in enumerate(lines, 1):
        line = raw.strip()
        m = re.search(r"其中\s*[,，:：]", line)
        if m:
            for clause in re.split(r"[;；]", line[m.end() :]):
                clause = clause.strip(" 。")
                if len(clause) >= 6:
                    items.append(_item(None, clause, i))
            continue
        if (
            len(line) >= 12
            and re.search(r"完成|建成|解决|完工|推进|开工", line)
            and not line.startswith(("截至", "今年", "按照", "根据"))
        ):
            head = re.split(r"[。]", line, maxsplit=1)
            items.append(_item(None, head[0], i, note=line))
    return items


def parse_report(text: str, year: int | None) -> Report:
    """Items, date and title of a progress report."""
    # Pinyin residue of mirror sites (實(shí)事) is what the copying did, not the report.
    lines = [strip_pinyin(ln) for ln in split_lines(text)]
    text = "\n".join(lines)
    head = "\n".join(ln for ln in lines[:8] if ln.strip())
    # A title is not an item: "1. 城镇新增就业 已完成。" has a report word too.
    heads = [ln.strip() for ln in lines if ln.strip() and not ITEM_START_RE.match(ln)]
    title = next((ln for ln in heads if any(w in ln for w in REPORT_WORDS) and len(ln) <= 80),
                 heads[0] if heads else None)  # fmt: skip
    report = Report(title=title, date=report_date(head, year))
    for family, items in (
        ("table", _table(lines)),
        ("table", _cell_table(lines)),
        ("numbered", _numbered(lines)),
        ("status groups", _groups(text)),
        ("paragraphs", _paragraphs(lines)),
    ):
        if items:
            report.items, report.family = items, family
            break
    return report


# --- matching -------------------------------------------------------------------------------


def _bigrams(text: str) -> set[str]:
    k = re.sub(r"[\d.%]+", "#", key(text))
    return {k[i : i + 2] for i in range(len(k) - 1)} or ({k} if k else set())


def similarity(item: str, commitment: str) -> float:
    """How much of the report item's wording the commitment's title and text contain
    (character pairs, so word order and extra words matter little): 0…1."""
    a, b = _bigrams(item), _bigrams(commitment)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a)


def _commitment_text(c: dict[str, Any]) -> str:
    lead = c.get("lead") or []
    units = " ".join(str(u) for u in lead) if isinstance(lead, list) else str(lead)
    return f"{c.get('title') or ''} {c.get('text') or ''} {units}"


def match_items(items: list[ReportItem], commitments: list[dict[str, Any]]) -> list[Match]:
    """Match report items to commitments by number and text; see the module docstring.

    A number is trusted when its commitment's text is at least somewhat alike (``AGREE``)
    and no other commitment is clearly more alike; a text alone when it is strongly alike
    (``STRONG``) and leads the next candidate by ``MARGIN``. A disagreement, a weak best
    match or a commitment claimed twice makes the item ambiguous: it is not written.
    """
    texts = {int(c["no"]): _commitment_text(c) for c in commitments if isinstance(c.get("no"), int)}
    matches: list[Match] = []
    claimed: dict[int, int] = {}  # commitment → index in matches
    for item in items:
        scores = sorted(
            (Candidate(no, similarity(item.text, t)) for no, t in texts.items()),
            key=lambda c: (-c.score, c.no),
        )
        best = scores[0] if scores else Candidate(0, 0.0)
        second = scores[1].score if len(scores) > 1 else 0.0
        by_number = next((c for c in scores if c.no == item.number), None)
        match: Match
        if by_number is not None:
            clearly_other = (
                best.no != by_number.no
                and best.score >= STRONG
                and (best.score - by_number.score >= MARGIN)
            )
            if clearly_other:
                match = Match(item, None, "ambiguous", 0.0, [by_number, best],
                              f"its number says commitment {by_number.no}, its text says {best.no}")  # fmt: skip
            elif by_number.score >= AGREE or len(key(item.text)) <= 4:
                how = "number and text" if by_number.score >= STRONG else "number"
                match = Match(item, by_number.no, how, by_number.score)
            elif best.score >= STRONG and best.score - second >= MARGIN:
                match = Match(item, None, "ambiguous", 0.0, [by_number, best],
                              f"its number says commitment {by_number.no}, its text says {best.no}")  # fmt: skip
            else:
                match = Match(item, None, "unmatched", best.score, [by_number, best],
                              f"the text of commitment {by_number.no} is not alike")  # fmt: skip
        elif best.score >= STRONG and best.score - second >= MARGIN:
            match = Match(item, best.no, "text", best.score)
        elif best.score >= AGREE:
            match = Match(item, None, "ambiguous", 0.0, scores[:2], "no clear best match")
        else:
            match = Match(item, None, "unmatched", best.score)
        if match.no is not None and match.no in claimed:
            first = matches[claimed[match.no]]
            for m in (first, match):
                m.candidates = [Candidate(match.no, m.score)]
                m.reason = f"two report items claim commitment {match.no}"
                m.how, m.no = "ambiguous", None
            matches.append(match)
            continue
        if match.no is not None:
            claimed[match.no] = len(matches)
        matches.append(match)
    return matches
