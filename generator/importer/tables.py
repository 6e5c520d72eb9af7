"""Phase 2, tables: flattened tables as candidate lists.

Tables reach the importer in three shapes: ``|``-separated rows (a .docx or a web table),
one cell per line (``1 |`` … or cells separated by blank lines), and one row per line with
cells separated by spaces under a ``序号 … 责任单位 …`` header. In every shape:

* a row starts at the next row number in sequence (``N`` alone, followed by a cell that is
  not a number); lines until the next row number are its cells, so merged cells and
  sub-rows (a row with two sub-tasks) stay in their row;
* header names are recognised by what they contain (``名称`` → title, ``内容`` → text,
  ``单位``/``部门`` → departments, ``时限``/``时间`` → deadline); unknown headers
  (``当前进度``, ``建设地点``, ``投资金额``, ``备注``…) become extra columns, kept in the
  item's ``extra`` (not yet written to the draft YAML);
* when a row's cells do not line up with the header, cells are assigned by content: unit
  names to departments, dates to the deadline, the first text cell to the title, and the
  rest to the notes.
"""

from __future__ import annotations

import re

from .departments import UnitGroup, looks_like_unit, split_units
from .lines import BARE_NUMBER_RE, SPACE_NUMBER_RE, Line
from .numbering import cn_number
from .outline import Block, Candidate, Outline
from .text import fold

HEADER_NUMBER = {"序号", "编号", "序"}
_HEADER_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(序号|编号|序)$")),
    ("extra", re.compile(r"完成情况|完成率|进展|进度|状态|备注|测评|满意|得票|投资|资金|地点")),
    ("dept", re.compile(r"(单位|部门)$|^(牵头|责任|配合|协办|主办)")),
    ("deadline", re.compile(r"时限|期限|时间节点|完成时间|建设时间|实施时间")),
    ("text", re.compile(r"内容|目标|任务|措施|标准")),
    ("title", re.compile(r"名称|项目|实事|事项|工程|^名称$")),
]
_DATE_CELL_RE = re.compile(
    r"^(\d{4}年)?(\d{1,2}月(底|末|上旬|中旬|下旬|\d{1,2}日)?|年底|年内|全年|上半年|下半年)"
    r"(前|以前)?(完成)?$|^长期(坚持)?$|^\d{4}年(底|内)?(前)?$"
)
_NUMERIC_CELL_RE = re.compile(r"^[\d.,%\s/-]+(万|亿)?$")


def header_kind(cell: str) -> str | None:
    """What a header cell names (``number``, ``title``, ``text``, ``dept``, ``deadline``,
    ``extra``), or None when the cell is not a header name."""
    c = re.sub(r"\s+", "", fold(cell).text).rstrip("|")
    if not c or len(c) > 16 or re.search(r"\d{2,}|[。;,]", c.replace("1-8", "")):
        return None
    for kind, pattern in _HEADER_RULES:
        if pattern.search(c):
            return kind
    return None


def _columns(headers: list[str]) -> list[tuple[str, str]]:
    kinds = [
        (header_kind(h) or "extra", re.sub(r"\s+", "", fold(h).text).rstrip("|").strip())
        for h in headers
    ]
    if not any(k == "text" for k, _ in kinds):
        kinds = [("text", h) if k == "title" else (k, h) for k, h in kinds]
    return kinds


def _is_unit_cell(cell: str) -> bool:
    parts = [u for u in split_units(cell) if u]
    return bool(parts) and all(looks_like_unit(u) and len(u) <= 20 for u in parts)


def _is_numeric(cell: str) -> bool:
    return bool(_NUMERIC_CELL_RE.match(fold(cell).text))


def _has_words(cell: str) -> bool:
    return len(re.findall(r"[\u4e00-\u9fff]", cell)) >= 4


def _aligned(columns: list[tuple[str, str]], cells: list[str]) -> list[tuple[str, str, str]] | None:
    """Cells in header order (a department cell may span several cells), or None."""
    out: list[tuple[str, str, str]] = []
    i = 0
    for kind, header in columns:
        if kind == "dept":
            start = i
            while i < len(cells) and cells[i] and _is_unit_cell(cells[i]):
                i += 1
            if i == start and i < len(cells) and cells[i]:
                return None
            out.append((kind, header, "、".join(cells[start:i])))
            if i < len(cells) and not cells[i] and i == start:
                i += 1
            continue
        if i >= len(cells):
            break
        if kind == "deadline" and cells[i] and _is_unit_cell(cells[i]):
            return None
        out.append((kind, header, cells[i]))
        i += 1
    if i < len(cells) and any(cells[i:]):
        return None
    return out


def _by_content(cells: list[str]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    title_done = False
    for cell in cells:
        if not cell:
            continue
        if not title_done and not _is_numeric(cell) and not _is_unit_cell(cell):
            out.append(("title", "", cell))
            title_done = True
        elif _is_unit_cell(cell):
            out.append(("dept", "责任单位", cell))
        elif _DATE_CELL_RE.match(fold(cell).text):
            out.append(("deadline", "", cell))
        else:
            out.append(("extra", "", cell))
    return out


def row_block(number: int, line: int, columns: list[tuple[str, str]], cells: list[str]) -> Block:
    """An item from the cells of one table row (after the row number)."""
    block = Block(number=number, line=line, style="table", pieces=[], closed=True)
    assigned = _aligned(columns, cells) if columns else None
    if assigned is None:
        assigned = _by_content(cells)
    extras: list[str] = []
    for kind, header, value in assigned:
        value = value.strip()
        if not value:
            continue
        if kind == "title" and block.title is None:
            block.title = value
        elif kind == "text" and _has_words(value):
            block.pieces.append(value)
        elif kind == "text":
            block.extra[header or "cells"] = value  # a quantity, not a text
        elif kind == "dept":
            label = header if header else None
            units = split_units(value)
            if block.unit_groups and block.unit_groups[-1].label == label:
                block.unit_groups[-1].units.extend(
                    u for u in units if u not in block.unit_groups[-1].units
                )
            else:
                block.unit_groups.append(UnitGroup(label, units))
        elif kind == "deadline" and block.deadline_text is None:
            block.deadline_text = value
        elif header:
            block.extra[header] = value
        else:
            extras.append(value)
    if extras:
        block.extra["cells"] = " | ".join(extras)
    if not block.pieces and block.title:
        block.pieces.append(block.title)
        block.title = None
    return block


# --- | rows ---------------------------------------------------------------------------


def _pipe_cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    if cells and not cells[0]:
        cells = cells[1:]
    if cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def pipe_tables(lines: list[Line], outline: Outline) -> list[Candidate]:
    """``|``-separated rows under a header with a ``序号`` column; a ``|`` table without
    one is document metadata (``索引号 | … | 文号 | …``)."""
    found: list[Candidate] = []
    i = 0
    while i < len(lines):
        if lines[i].kind != "line" or lines[i].key.count("|") < 2:
            i += 1
            continue
        j = i
        while j < len(lines) and (lines[j].key.count("|") >= 2 or not lines[j].key):
            j += 1
        rows = [k for k in range(i, j) if lines[k].key]
        header = _pipe_cells(lines[rows[0]].key)
        if any(header_kind(c) == "number" for c in header):
            columns = _columns(header)
            number_at = next(idx for idx, (kind, _) in enumerate(columns) if kind == "number")
            rest = columns[:number_at] + columns[number_at + 1 :]
            cand = Candidate("table", [], priority=3)
            cand.used.add(lines[rows[0]].no)
            for k in rows[1:]:
                cells = _pipe_cells(lines[k].text)
                if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                    cand.used.add(lines[k].no)
                    continue
                number_cell = cells[number_at] if number_at < len(cells) else ""
                n = cn_number(re.sub(r"\s+", "", fold(number_cell).text))
                if n is None:
                    continue  # a section row or a note: left to the line reader
                others = cells[:number_at] + cells[number_at + 1 :]
                cand.blocks.append(row_block(n, lines[k].no, rest, others))
                cand.used.add(lines[k].no)
            if cand.blocks:
                found.append(cand)
        else:
            for k in rows:
                cells = _pipe_cells(lines[k].text)
                for a, b in zip(cells[::2], cells[1::2], strict=False):
                    name = re.sub(r"\s+", "", fold(a).text).rstrip(":")
                    if name and b.strip():
                        outline.metadata.setdefault(name, b.strip())
                lines[k].kind = "metadata"
        i = j
    return found


# --- one cell per line ----------------------------------------------------------------


def _cell(line: Line) -> str:
    """A line of a one-cell-per-line table as a cell (``700 |`` → ``700``, ``|`` → empty)."""
    return re.sub(r"\s*\|\s*$", "", line.text).strip()


def _row_number(cells: list[tuple[Line, str]], pos: int, expected: int) -> bool:
    _, cell = cells[pos]
    m = BARE_NUMBER_RE.match(fold(cell).text) if cell else None
    if not m or int(m.group(1)) != expected:
        return False
    nxt = next((c for _, c in cells[pos + 1 :] if c), "")
    return bool(nxt) and not _is_numeric(nxt)


def cell_tables(lines: list[Line]) -> list[Candidate]:
    """Tables pasted as one cell per line under a header of one name per line."""
    found: list[Candidate] = []
    k = 0
    while k < len(lines):
        if not (lines[k].kind in ("line", "bare") and fold(_cell(lines[k])).text in HEADER_NUMBER):
            k += 1
            continue
        # The header: names after 序号 until the first row number.
        headers: list[Line] = [lines[k]]
        q = k + 1
        while q < len(lines) and (not lines[q].key or header_kind(_cell(lines[q])) is not None
                                  or (lines[q].kind == "line" and len(_cell(lines[q])) <= 12
                                      and not BARE_NUMBER_RE.match(lines[q].key))):  # fmt: skip
            if lines[q].key:
                headers.append(lines[q])
            q += 1
        if len(headers) < 2 or q >= len(lines) or not BARE_NUMBER_RE.match(lines[q].key):
            k += 1
            continue
        stream: list[tuple[Line, str]] = []
        r = q
        while r < len(lines) and lines[r].kind not in ("closing", "prose_end"):
            if lines[r].key == "|" or (lines[r].key and lines[r].kind != "noise"):
                cell = _cell(lines[r])
                if fold(cell).text.startswith("注"):
                    break
                stream.append((lines[r], cell))
            r += 1
        first = BARE_NUMBER_RE.match(stream[0][1]) if stream and stream[0][1] else None
        expected = int(first.group(1)) if first else 1
        columns = _columns([h.text for h in headers])[1:]
        cand = Candidate("table", [], priority=3)
        cand.used.update(h.no for h in headers)
        pos = 0
        while pos < len(stream) and _row_number(stream, pos, expected):
            start = pos
            pos += 1
            while pos < len(stream) and not _row_number(stream, pos, expected + 1):
                pos += 1
            cells = [c for _, c in stream[start + 1 : pos]]
            while cells and not cells[-1]:
                cells.pop()
            head = stream[start][0]
            cand.blocks.append(row_block(expected, head.no, columns, cells))
            cand.used.update(ln.no for ln, _ in stream[start:pos])
            expected += 1
        if cand.blocks:
            found.append(cand)
            k = max(r, k + 1)
        else:
            k += 1
    return found


# --- one row per line, cells separated by spaces --------------------------------------


def space_tables(lines: list[Line]) -> list[Candidate]:
    """Rows ``N cell cell …`` under a ``序号 name name …`` header line."""
    found: list[Candidate] = []
    for k, line in enumerate(lines):
        cells = line.text.split()
        if line.kind != "line" or len(cells) < 3 or fold(cells[0]).text not in HEADER_NUMBER:
            continue
        columns = _columns(cells[1:])
        cand = Candidate("table", [], priority=3)
        cand.used.add(line.no)
        expected = 1
        rows: list[tuple[Line, list[str]]] = []
        for nxt in lines[k + 1 :]:
            if nxt.kind in ("closing", "prose_end", "noise") and rows:
                break
            if not nxt.key:
                continue
            m = SPACE_NUMBER_RE.match(nxt.raw)
            if m and int(m.group(1)) == expected:
                rows.append((nxt, nxt.raw[m.end() :].split()))
                cand.used.add(nxt.no)
                expected += 1
            elif rows:
                rows[-1][1].extend(nxt.text.split())
                cand.used.add(nxt.no)
        for n, (row, row_cells) in enumerate(rows, start=1):
            cand.blocks.append(row_block(n, row.no, columns, row_cells))
        if len(cand.blocks) >= 2:
            found.append(cand)
    return found
