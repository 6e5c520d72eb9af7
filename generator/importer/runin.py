"""Phase 2, run-in lists: commitments written inside a paragraph, as candidate lists.

News reports and short notices rarely number their items on separate lines:

* **inline numbers**: ``这十件实事是:1.…。2.…`` ``一是…;二是…`` ``(1)…(2)…`` ``①…②…``;
* **enumerations** after an introduction (``分别为:`` ``分别是`` ``包括`` ``即`` ``…为:``
  ``有11个:`` ``其中,``) up to the end of the sentence, split on ``;``, ``、`` or ``,``
  (outside quotes and parentheses). The count the introduction states decides the
  separator and repairs the split: names joined by ``、`` under one action
  (``新城供水管网、污水处理站、热源点工程``) are one item, and only the last ``和`` joins two
  items (``…五保老人医护保险和严重精神障碍患者医疗救助``);
* **quoted names** at the start of each ``;``-clause (``“老旧小区改造项目”已完成…;``);
* **titles in 《》 run together** (``《A》《B》《C》``);
* **unnumbered lines** after an introduction that ends with a colon (``主要进度如下:``).
"""

from __future__ import annotations

import re

from .lines import Line
from .numbering import INLINE, cn_number, stated_counts
from .outline import Block, Candidate
from .text import Folded, fold

_OPEN = "(《“‘「〈"
_CLOSE = ")》”’」〉"
_LIST_WORDS = re.compile(r"实事|项目|工程|事项|民生|子项|工作")
INTRO_RE = re.compile(
    r"(分别为|分别是|主要包括|具体包括|包括|即|有\d{1,3}个|有[一二三四五六七八九十]+[个项件])\s*[:]?\s*"
    r"|(?<=[项件个事目程])(为|是)\s*:\s*"
    r"|(?:^|(?<=[。]))其中\s*,"
)
_SUMMARY_RE = re.compile(r",\s*(估算|总投资|共计|合计|总计|涉及|共涉及|计划总投资|总投入)")
_FACILITY_END = re.compile(r"(站|网|点|场|馆|室|所|园|厂|库|中心|设施)$")
_ACTION_END = re.compile(r"(工程|建设|改建|改造|项目|治理|提升)$")


def _depth_split(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` split on ``seps`` outside brackets and quotes."""
    spans = []
    depth = 0
    piece = start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE or (ch == '"' and depth > 0):
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            spans.append((piece, i))
            piece = i + 1
    spans.append((piece, end))
    return [(a, b) for a, b in spans if text[a:b].strip(' "“”')]


def _sentence_end(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE or (ch == '"' and depth > 0):
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            return i
    return len(text)


def local_count(folded: str, start: int, end: int, intro_end: int | None = None) -> int | None:
    """The count stated for a list at ``folded[start:end]`` (introduced by
    ``folded[…:intro_end]``): the nearest count before it in the same or the previous
    sentence, else the first after it in the same sentence."""
    back = folded.rfind("。", 0, max(0, start - 1))
    if back > 0 and start - back < 8:  # a short sentence (``这些项目分别为:``): look further
        back = folded.rfind("。", 0, back)
    before = [n for _, n in stated_counts(folded[back + 1 : intro_end or start])]
    if before:
        return before[-1]
    stop = _sentence_end(folded, end)
    after = stated_counts(folded[end:stop])
    return after[0][1] if after else None


def _clean_span(text: str, a: int, b: int) -> tuple[int, int]:
    """A list piece without separators, ``等`` and the quotes around a quoted name."""
    while a < b and text[a] in " :,":
        a += 1
    while b > a and text[b - 1] in " ;,。、":
        b -= 1
    if text[a:b].endswith("等") and b - a > 2:
        b -= 1
    quoted = b - a > 2 and text[a] == "“" and text[b - 1] in '”"'
    if quoted and _close_quote(text, a) in (b - 1, None):
        a, b = a + 1, b - 1
    return a, b


def _merge_to(text: str, spans: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """Join names listed under one action (``A站、B工程``) until ``count`` items remain."""
    spans = list(spans)
    while len(spans) > count:
        for i in range(len(spans) - 1):
            head = text[spans[i][0] : spans[i][1]]
            nxt = text[spans[i + 1][0] : spans[i + 1][1]]
            if (
                _FACILITY_END.search(head)
                and _ACTION_END.search(nxt)
                and not _ACTION_END.search(head)
            ):
                spans[i : i + 2] = [(spans[i][0], spans[i + 1][1])]
                break
        else:
            return spans
    return spans


def _split_last_he(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    a, b = spans[-1]
    at = text.rfind("和", a, b)
    if at <= a or at >= b - 1:
        return spans
    return [*spans[:-1], (a, at), (at + 1, b)]


def _enumeration(text: str, start: int, end: int, count: int | None) -> list[tuple[int, int]]:
    m = _SUMMARY_RE.search(text, start, end)
    if m:
        end = m.start()
    options = []
    for seps in (";", "、;", ",;"):
        spans = [_clean_span(text, a, b) for a, b in _depth_split(text, start, end, seps)]
        spans = [(a, b) for a, b in spans if b > a]
        options.append((seps, spans))
    if count is not None:
        for _, spans in options:
            if len(spans) == count:
                return spans
        for seps, spans in options:
            if seps == "、;" and len(spans) > count:
                merged = _merge_to(text, spans, count)
                if len(merged) == count:
                    return merged
            if seps != ";" and len(spans) == count - 1 and spans:
                split = _split_last_he(text, spans)
                if len(split) == count:
                    return split
    for seps, spans in options:
        if len(spans) >= 3 and (seps != ",;" or all(b - a <= 25 for a, b in spans)):
            return spans
    return []


def _plausible(text: str, spans: list[tuple[int, int]]) -> bool:
    return len(spans) >= 2 and all(b - a <= 70 and "。" not in text[a:b] for a, b in spans)


def _block(n: int, line: Line, f: Folded, a: int, b: int, style: str) -> Block:
    return Block(n, line.no, style, [f.span(a, b).strip()], closed=True)


def enumerations(lines: list[Line]) -> list[Candidate]:
    """Every enumeration after an introduction, as one candidate (the lists of a text
    together: this year's new items and the continued ones, or one list per status)."""
    cand = Candidate("enumeration", [], priority=1)
    for line in lines:
        if line.kind not in ("line", "prose_end"):
            continue
        f = line.folded
        text = f.text
        pos = 0
        while True:
            m = INTRO_RE.search(text, pos)
            if not m:
                break
            pos = m.end()
            clauses = m.group(0).startswith("其中")  # ``其中,A;B;C。``: clauses only
            context_start = text.rfind("。", 0, max(0, m.start() - 1))
            if not _LIST_WORDS.search(text[context_start + 1 : m.end()]):
                continue
            end = _sentence_end(text, m.end())
            count = None if clauses else local_count(text, m.start(), m.end(), m.end())
            if clauses:
                spans = [_clean_span(text, a, b) for a, b in _depth_split(text, m.end(), end, ";")]
                spans = [(a, b) for a, b in spans if b > a]
            else:
                spans = _enumeration(text, m.end(), end, count)
            if not _plausible(text, spans) or (clauses and len(spans) < 3):
                continue
            for a, b in spans:
                cand.blocks.append(_block(len(cand.blocks) + 1, line, f, a, b, "enumeration"))
            cand.stated.append((count, len(spans)))
            cand.used.add(line.no)
            pos = end
    return [cand] if cand.blocks else []


def quoted_clauses(lines: list[Line]) -> list[Candidate]:
    """Clauses that start with a quoted name: ``“A”已完成…;“B”…``. The text before the
    first name in a paragraph (``8项提前或超额完成节点任务。``) is a section heading."""
    cand = Candidate("quoted", [], priority=1)
    for line in lines:
        if line.kind != "line":
            continue
        f = line.folded
        text = f.text
        starts = []
        for m in re.finditer("“", text):
            p = m.start()
            if p > 0 and text[p - 1] not in "。;:":
                continue
            close = _close_quote(text, p)
            if close is not None and close - p <= 40:
                starts.append((p, close))
        if len(starts) < 2:
            continue
        head = f.span(0, starts[0][0]).strip().rstrip("。:")
        section = head if 0 < len(head) <= 30 else None
        if section:
            cand.sections.append(section)
            cand.section_lines.add(line.no)
        for idx, (p, close) in enumerate(starts):
            stop = starts[idx + 1][0] if idx + 1 < len(starts) else len(text)
            a, b = _clean_span(text, p, stop)
            block = Block(len(cand.blocks) + 1, line.no, "quoted", [f.span(a, b).strip()],
                          section, title=f.span(p + 1, close).strip(), closed=True)  # fmt: skip
            cand.blocks.append(block)
        counts = stated_counts(fold(head).text) if head else []
        cand.stated.append((counts[0][1] if counts else None, len(starts)))
        cand.used.add(line.no)
    return [cand] if cand.blocks else []


def _close_quote(text: str, p: int) -> int | None:
    depth = 0
    for i in range(p, len(text)):
        if text[i] == "“":
            depth += 1
        elif text[i] == "”" or (text[i] == '"' and depth > 0):
            depth -= 1
            if depth == 0:
                return i
    return None


GUILLEMET_RUN_RE = re.compile(r"(?:《[^《》]{2,60}》\s*){3,}")


def guillemet_runs(lines: list[Line]) -> list[Candidate]:
    """Item titles in 《》 run together: ``《A》《B》《C》``."""
    cand = Candidate("guillemets", [], priority=1)
    for line in lines:
        if line.kind != "line":
            continue
        f = line.folded
        for m in GUILLEMET_RUN_RE.finditer(f.text):
            names = list(re.finditer(r"《([^《》]+)》", m.group(0)))
            for name in names:
                a, b = m.start() + name.start(1), m.start() + name.end(1)
                title = f.span(a, b).strip()
                cand.blocks.append(Block(len(cand.blocks) + 1, line.no, "guillemets", [title],
                                         title=None, closed=True))  # fmt: skip
            cand.stated.append((local_count(f.text, m.start(), m.end()), len(names)))
            cand.used.add(line.no)
    return [cand] if cand.blocks else []


def inline_numbered(lines: list[Line]) -> list[Candidate]:
    """Items numbered inside one paragraph (``一是…二是…``, ``1.…2.…``, ``①…②…``)."""
    found = []
    for line in lines:
        if line.kind not in ("line", "prose_end") or line.marker is not None:
            continue
        intro, blocks = inline_items(line.text, line.no, None)
        if blocks:
            cand = Candidate("inline", blocks, priority=2)
            cand.used.add(line.no)
            counts = stated_counts(fold(intro).text)
            cand.stated.append((counts[-1][1] if counts else None, len(blocks)))
            found.append(cand)
    return found


def inline_items(paragraph: str, line: int, section: str | None) -> tuple[str, list[Block]]:
    """Items run together in a paragraph that has no item numbers at line starts.

    Returns the text before the first item and the items (empty when none are found).
    """
    from .departments import split_trailing_units

    folded = fold(paragraph)
    best: list[tuple[int, int, int, str]] = []
    for style, pattern in INLINE.items():
        found: list[tuple[int, int, int, str]] = []
        expected = 1
        for m in pattern.finditer(folded.text):
            if cn_number(m.group(1)) == expected:
                found.append((m.start(), m.end(), expected, style))
                expected += 1
        if len(found) >= 2 and len(found) > len(best):
            best = found
    if not best:
        return paragraph, []
    intro = folded.span(0, best[0][0]).strip()
    blocks = []
    for idx, (_, end, n, style) in enumerate(best):
        stop = best[idx + 1][0] if idx + 1 < len(best) else len(folded.text)
        text = folded.span(end, stop).strip()
        blocks.append(Block(n, line, style, [text], section,
                            closed=split_trailing_units(text)[1] is not None))  # fmt: skip
    return intro, blocks


_COLON_INTRO_RE = re.compile(r"(如下|以下|下列|是|为|有|包括|分别|具体)\s*:$")


def unnumbered_lines(lines: list[Line]) -> list[Candidate]:
    """Lines without numbers after an introduction ending in a colon (``主要进度如下:``);
    short numbered headings among them (``一、安居工程``) are section headings."""
    for idx, line in enumerate(lines):
        if line.kind != "line" or not _COLON_INTRO_RE.search(line.key):
            continue
        cand = Candidate("lines", [], priority=0)
        section: str | None = None
        for nxt in lines[idx + 1 :]:
            if nxt.kind in ("closing", "prose_end"):
                break
            if nxt.kind != "line":
                continue
            if (
                nxt.marker is not None
                and nxt.marker[0] in ("cn_dun", "cn_paren")
                and len(nxt.key) <= 16
            ):
                section = nxt.text
                cand.sections.append(section)
                cand.section_lines.add(nxt.no)
                continue
            if nxt.marker is not None:
                return []
            cand.blocks.append(Block(len(cand.blocks) + 1, nxt.no, "line", [nxt.text], section,
                                     closed=True))  # fmt: skip
            cand.used.add(nxt.no)
        counts = stated_counts(line.key)
        cand.stated.append((counts[-1][1] if counts else None, len(cand.blocks)))
        if len(cand.blocks) >= 3:
            return [cand]
    return []
