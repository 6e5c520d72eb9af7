"""The outline of a plan text: preamble, section headings, numbered items, tables.

Item numbering styles (``1、`` ``1.`` ``1．`` ``（1）`` ``(1)`` ``一、`` ``（一）`` ``第一项``
``一是``) are told apart from section headings by their level: the most frequent style that
numbers lines is the item style; heading-like lines of a higher style (``一、`` above ``1.``)
are section headings; lines of lower styles are sub-points inside an item. Items whose
text is broken by a page break are joined; an item is closed by its trailing departments
or by labelled lines, after which plain lines are reported as unplaced. Items run together
in one paragraph (``(1)…(2)…``, ``1.…。2.…。``, ``一是…;二是…``) are split. Tables copied
from a web page are read either as ``|``-separated rows or as one cell per line under a
``序号`` / ``项目`` / ``责任单位`` / ``完成时限`` header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .departments import LABEL_RE, UnitGroup, looks_like_unit, split_trailing_units
from .text import Folded, ends_sentence, fold, is_noise, split_lines, strip_inline_noise

CN = "一二三四五六七八九十百零〇两"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip


def cn_number(text: str) -> int | None:
    """The value of a Chinese numeral up to 999 (``十一`` → 11), or of Arabic digits."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total = 0
    current = 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_DIGITS[ch] if current else _CN_DIGITS[ch]
    return total + current


# Styles, highest level first. Patterns apply to folded lines (half-width, Simplified).
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("cn_dun", re.compile(rf"^([{CN}]+)\s*[、.,]\s*")),
    ("cn_paren", re.compile(rf"^\(\s*([{CN}]+)\s*\)\s*[、.]?\s*")),
    ("di", re.compile(rf"^第([{CN}\d]+)[项条件个]\s*[、.:,]?\s*")),
    ("ar_dun", re.compile(r"^(\d{1,3})\s*、\s*")),
    ("ar_dot", re.compile(r"^(\d{1,3})\s*\.(?!\d)\s*")),
    ("ar_paren", re.compile(r"^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*")),
    ("ar_rparen", re.compile(r"^(\d{1,3})\)\s*")),
    ("yishi", re.compile(rf"^([{CN}]+)是(?=\S)")),
]
STYLE_RANK = {name: i for i, (name, _) in enumerate(STYLES)}
STYLE_RANK["ar_dot"] = STYLE_RANK["ar_dun"]  # 1、 and 1. are the same level
STYLE_RANK["yishi"] = STYLE_RANK["ar_paren"]

# Inline markers that continue a sequence inside one paragraph.
INLINE: dict[str, re.Pattern[str]] = {
    "ar_dot": re.compile(r"(?:(?<=[。;!?])|^)\s*(\d{1,3})\s*[.](?!\d)"),
    "ar_dun": re.compile(r"(?:(?<=[。;!?])|^)\s*(\d{1,3})\s*、"),
    "ar_paren": re.compile(r"\(\s*(\d{1,3})\s*\)"),
    "cn_paren": re.compile(rf"\(\s*([{CN}]+)\s*\)"),
    "cn_dun": re.compile(rf"(?:(?<=[。;!?])|^)\s*([{CN}]+)、"),
    "yishi": re.compile(rf"(?:(?<=[。;,:!?])|^)\s*([{CN}]+)是"),
}

DEADLINE_LABEL_RE = re.compile(r"^(完成时限|完成时间|完成期限|时间节点|时限要求|时限)\s*[:]\s*")
PROGRESS_LABEL_RE = re.compile(r"^(进展情况|完成情况|进展|推进情况|进度|状态|完成进度)\s*[:]\s*")

HEADER_NUMBER = {"序号", "编号", "序"}
HEADER_TITLE = {"项目", "项目名称", "实事名称", "民生实事", "事项", "工作事项", "任务名称",
                "名称", "实事项目"}  # fmt: skip
HEADER_TEXT = {"主要内容", "内容", "建设内容", "工作内容", "具体内容", "目标任务", "工作任务",
               "实施内容", "主要任务", "任务", "工作目标", "目标", "项目内容", "具体目标"}  # fmt: skip
HEADER_DEPT = {"责任单位", "牵头单位", "责任部门", "牵头部门", "主办单位", "配合单位",
               "配合部门", "协办单位", "协同单位", "共同责任单位", "实施单位",
               "主体责任单位"}  # fmt: skip
HEADER_DEADLINE = {"完成时限", "完成时间", "时间节点", "完成期限", "时限"}
HEADER_EXTRA = {"备注", "进展情况", "完成情况", "状态", "完成进度", "推进情况", "进度"}
HEADERS = HEADER_NUMBER | HEADER_TITLE | HEADER_TEXT | HEADER_DEPT | HEADER_DEADLINE | HEADER_EXTRA


@dataclass
class Line:
    """One line of the source: its 1-based number, original text and folded form."""

    no: int
    raw: str
    folded: Folded

    @property
    def key(self) -> str:
        return self.folded.text

    @property
    def text(self) -> str:
        """The original line without surrounding spaces."""
        return self.raw.strip()


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
class Outline:
    """What :func:`parse` found."""

    lines: list[Line]
    preamble: list[Line] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    unplaced: list[Line] = field(default_factory=list)
    noise: list[Line] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def marker(folded: str) -> tuple[str, int, int] | None:
    """``(style, number, end of marker)`` of a folded line that starts with a number."""
    for style, pattern in STYLES:
        m = pattern.match(folded)
        if m:
            n = cn_number(m.group(1))
            if n is None or n == 0:
                continue
            rest = folded[m.end() :]
            if not rest.strip():
                continue
            if style == "cn_dun" and re.match(r"^[是来要]", rest):
                continue
            return style, n, m.end()
    return None


def _is_heading_like(line: Line, end: int) -> bool:
    rest = line.key[end:]
    return (
        0 < len(rest) <= 40
        and split_trailing_units(rest)[1] is None
        and not rest.endswith((";", ","))
    )


# --- tables ---------------------------------------------------------------------------


def _header_kind(cell: str) -> str | None:
    c = re.sub(r"\s+", "", cell)
    if c in HEADER_NUMBER:
        return "number"
    if c in HEADER_TITLE:
        return "title"
    if c in HEADER_TEXT:
        return "text"
    if c in HEADER_DEPT:
        return "dept"
    if c in HEADER_DEADLINE:
        return "deadline"
    if c in HEADER_EXTRA:
        return "extra"
    return None


def _columns(headers: list[str]) -> list[tuple[str, str]]:
    kinds = [(_header_kind(h) or "extra", re.sub(r"\s+", "", h)) for h in headers]
    if not any(k == "text" for k, _ in kinds):
        kinds = [("text", h) if k == "title" else (k, h) for k, h in kinds]
    return kinds


def _block_from_cells(
    number: int, line: int, columns: list[tuple[str, str]], cells: list[list[str]]
) -> Block:
    block = Block(number=number, line=line, style="table", pieces=[], closed=True)
    for (kind, header), values in zip(columns, cells, strict=False):
        value = "\n".join(v for v in values if v.strip())
        if not value.strip():
            continue
        if kind == "title":
            block.title = value.strip()
        elif kind == "text":
            block.pieces.append(value.strip())
        elif kind == "dept":
            from .departments import split_units

            units = [u for v in values for u in split_units(v)]
            block.unit_groups.append(UnitGroup(header, units))
        elif kind == "deadline":
            block.deadline_text = value.strip()
        elif kind == "extra":
            block.extra[header] = value.strip()
    if not block.pieces and block.title:
        block.pieces.append(block.title)
        block.title = None
    return block


def _pipe_cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    if cells and not cells[0]:
        cells = cells[1:]
    if cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _pipe_tables(lines: list[Line], outline: Outline, used: set[int]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if lines[i].key.count("|") < 2:
            i += 1
            continue
        j = i
        while j < len(lines) and (lines[j].key.count("|") >= 2 or not lines[j].key):
            j += 1
        rows = [k for k in range(i, j) if lines[k].key]
        header = _pipe_cells(lines[rows[0]].key)
        if any(_header_kind(c) == "number" for c in header):
            columns = _columns(header)
            for k in rows[1:]:
                cells = _pipe_cells(lines[k].text)
                if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                    used.add(k)
                    continue
                numbers = [idx for idx, (kind, _) in enumerate(columns) if kind == "number"]
                number_cell = cells[numbers[0]] if numbers and numbers[0] < len(cells) else ""
                n = cn_number(re.sub(r"\s+", "", fold(number_cell).text))
                if n is None:
                    continue  # a section row or a note: left to the line parser
                blocks.append(_block_from_cells(n, lines[k].no, columns, [[c] for c in cells]))
                used.add(k)
            used.update(rows[:1])
        else:
            # A metadata table (索引号 | … | 文号 | …): key/value pairs.
            for k in rows:
                cells = _pipe_cells(lines[k].text)
                for a, b in zip(cells[::2], cells[1::2], strict=False):
                    name = re.sub(r"\s+", "", fold(a).text)
                    if name and b.strip():
                        outline.metadata.setdefault(name, b.strip())
                used.add(k)
        i = j
    return blocks


def _cell_tables(lines: list[Line], used: set[int]) -> list[Block]:
    """Tables pasted as one cell per line under a header of one header name per line."""
    blocks: list[Block] = []
    content = [k for k in range(len(lines)) if lines[k].key and k not in used]
    pos = 0
    while pos < len(content):
        k = content[pos]
        if _header_kind(lines[k].key) != "number":
            pos += 1
            continue
        headers: list[str] = []
        q = pos
        while q < len(content) and _header_kind(lines[content[q]].key) is not None:
            headers.append(lines[content[q]].key)
            q += 1
        if len(headers) < 2:
            pos += 1
            continue
        columns = _columns(headers)[1:]  # cells after the number
        used.update(content[pos:q])
        expected = 1
        while q < len(content):
            line = lines[content[q]]
            if not re.fullmatch(r"\d{1,3}", line.key) or int(line.key) != expected:
                break
            start = q
            q += 1
            cells: list[list[str]] = []
            for kind, _ in columns:
                cell: list[str] = []
                while q < len(content):
                    candidate = lines[content[q]]
                    if (
                        re.fullmatch(r"\d{1,3}", candidate.key)
                        and int(candidate.key) == expected + 1
                    ):
                        break
                    if kind == "dept":
                        if not looks_like_unit(candidate.key) and not all(
                            looks_like_unit(u) for u in re.split(r"[、,，]", candidate.key) if u
                        ):
                            break
                        cell.append(candidate.text)
                        q += 1
                        continue
                    cell.append(candidate.text)
                    q += 1
                    break
                cells.append(cell)
            blocks.append(_block_from_cells(expected, line.no, columns, cells))
            used.update(content[start:q])
            expected += 1
        pos = q
    return blocks


# --- items ----------------------------------------------------------------------------


def _append(block: Block, text: str) -> None:
    if block.pieces and not ends_sentence(block.pieces[-1]):
        block.pieces[-1] = block.pieces[-1] + text  # a page break inside the item
    else:
        if len(block.pieces) == 1 and not block.unit_groups:
            block.has_heading_line = len(fold(block.pieces[0]).text) <= 40
        block.pieces.append(text)
    if split_trailing_units(block.pieces[-1])[1] is not None:
        block.closed = True


def _split_inline(block: Block) -> list[Block]:
    """Split items run together in the first piece of ``block`` (``1.…。2.…。``)."""
    pattern = INLINE.get(block.style)
    if pattern is None or not block.pieces:
        return [block]
    head = fold(block.pieces[0])
    cuts: list[tuple[int, int, int]] = []  # (start of marker, end of marker, number)
    expected = block.number + 1
    for m in pattern.finditer(head.text):
        if m.start() == 0:
            continue
        if cn_number(m.group(1)) == expected:
            cuts.append((m.start(), m.end(), expected))
            expected += 1
    if not cuts:
        return [block]
    out: list[Block] = []
    first_end = cuts[0][0]
    first = Block(block.number, block.line, block.style, [head.span(0, first_end).strip()],
                  block.section, closed=True)  # fmt: skip
    out.append(first)
    for idx, (_, end, n) in enumerate(cuts):
        stop = cuts[idx + 1][0] if idx + 1 < len(cuts) else len(head.text)
        out.append(Block(n, block.line, block.style, [head.span(end, stop).strip()],
                         block.section, closed=True))  # fmt: skip
    last = out[-1]
    last.pieces.extend(block.pieces[1:])
    last.unit_groups = block.unit_groups
    last.deadline_text = block.deadline_text
    last.extra = block.extra
    return out


def inline_items(paragraph: str, line: int, section: str | None) -> tuple[str, list[Block]]:
    """Items run together in a paragraph that has no item numbers at line starts.

    Returns the text before the first item and the items (empty when none are found).
    """
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


def _page_chunks(blocks: list[Block]) -> bool:
    """Whether numbered "items" are really page fragments of a document site (each ends
    mid-sentence and the next one continues it)."""
    if len(blocks) < 3 or any(b.style not in ("ar_dun", "ar_dot") for b in blocks):
        return False
    return all(
        len(b.pieces) == 1 and not b.unit_groups and not ends_sentence(b.pieces[0])
        for b in blocks[:-1]
    )


def parse(text: str) -> Outline:
    """The outline of a plan (or progress report) text."""
    lines = [Line(i + 1, raw, fold(raw.strip())) for i, raw in enumerate(split_lines(text))]
    outline = Outline(lines)
    used: set[int] = set()
    table_blocks = _pipe_tables(lines, outline, used)
    table_blocks += _cell_tables(lines, used)

    # Running page headers: short lines repeated three times or more.
    counts: dict[str, int] = {}
    for line in lines:
        if line.key:
            counts[line.key] = counts.get(line.key, 0) + 1
    repeated = {k for k, c in counts.items() if c >= 3 and len(k) <= 40}

    kinds: list[tuple[str, tuple[str, int, int] | None]] = []
    for idx, line in enumerate(lines):
        if idx in used:
            kinds.append(("used", None))
        elif not line.key:
            kinds.append(("blank", None))
        elif (
            DEADLINE_LABEL_RE.match(line.key)
            or LABEL_RE.match(line.key)
            or PROGRESS_LABEL_RE.match(line.key)
        ):
            kinds.append(("label", None))
        elif is_noise(line.key) or line.key in repeated:
            kinds.append(("noise", None))
        else:
            kinds.append(("line", marker(line.key)))

    counts_by_style: dict[str, int] = {}
    for kind, mk in kinds:
        if kind == "line" and mk:
            counts_by_style[mk[0]] = counts_by_style.get(mk[0], 0) + 1
    item_style: str | None = None
    if counts_by_style and len(table_blocks) < 2:
        item_style = max(
            counts_by_style,
            key=lambda s: (counts_by_style[s], -abs(STYLE_RANK[s] - STYLE_RANK["ar_dun"])),
        )

    current: Block | None = None
    section: str | None = None
    started = False
    last_number: int | None = None
    just_headed = False
    blocks: list[Block] = []
    for idx, line in enumerate(lines):
        kind, mk = kinds[idx]
        if kind == "used" and table_blocks:
            started = True  # the table begins: what follows is not preamble
            current = None
        if kind in ("used", "blank"):
            continue
        if kind == "noise":
            outline.noise.append(line)
            continue
        if kind == "label":
            if current is not None:
                _attach_label(current, line)
            elif (started and table_blocks) or started:
                outline.unplaced.append(line)
            else:
                outline.preamble.append(line)
            continue
        if (
            mk
            and item_style
            and STYLE_RANK[mk[0]] < STYLE_RANK[item_style]
            and _is_heading_like(line, mk[2])
        ):
            section = line.text
            outline.sections.append(section)
            current = None
            just_headed = True
            started = True
            continue
        if mk and mk[0] == item_style:
            n = mk[1]
            fits = last_number is None or n == last_number + 1 or (n == 1 and just_headed)
            if fits or current is None or current.closed:
                if not fits:
                    outline.warnings.append(
                        f"line {line.no}: numbering goes from {last_number} to {n}"
                    )
                current = Block(n, line.no, mk[0], [line.folded.tail(mk[2]).strip()], section)
                if split_trailing_units(current.pieces[0])[1] is not None:
                    current.closed = True
                blocks.append(current)
                last_number = n
                just_headed = False
                started = True
                continue
        if not started:
            outline.preamble.append(line)
        elif current is not None and not current.closed:
            _append(current, line.text)
        else:
            outline.unplaced.append(line)

    if _page_chunks(blocks):
        outline.warnings.append(
            "numbered lines "
            + ", ".join(str(b.line) for b in blocks)
            + " are page fragments of a document site, not items: joined"
        )
        joined = strip_inline_noise("".join(b.pieces[0] for b in blocks))
        intro, blocks = inline_items(joined, blocks[0].line, None)
        if intro:
            outline.preamble.append(Line(blocks[0].line if blocks else 0, intro, fold(intro)))
    elif not blocks and not table_blocks:
        rest = outline.preamble
        outline.preamble = []
        for line in rest:
            if blocks:
                outline.unplaced.append(line)
                continue
            intro, found = inline_items(line.text, line.no, None)
            if found:
                if intro:
                    outline.preamble.append(Line(line.no, intro, fold(intro)))
                blocks = found
            else:
                outline.preamble.append(line)

    split: list[Block] = []
    for b in blocks:
        split.extend(_split_inline(b))
    if table_blocks:
        split = sorted(table_blocks + split, key=lambda b: b.line)
    numbers = [b.number for b in split]
    if len(set(numbers)) != len(numbers):
        outline.warnings.append(
            "item numbers repeat (numbering restarts in each section?): renumbered 1.."
            + str(len(split))
        )
        for i, b in enumerate(split, start=1):
            b.number = i
    outline.blocks = split
    return outline


def _attach_label(block: Block, line: Line) -> None:
    key = line.key
    m = DEADLINE_LABEL_RE.match(key)
    if m:
        block.deadline_text = line.folded.tail(m.end()).strip()
        block.closed = True
        return
    m = PROGRESS_LABEL_RE.match(key)
    if m:
        block.extra[m.group(1)] = line.folded.tail(m.end()).strip()
        block.closed = True
        return
    from .departments import parse_unit_spec

    block.unit_groups.extend(parse_unit_spec(line.text))
    block.closed = True
