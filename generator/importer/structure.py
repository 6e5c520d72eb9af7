"""The outline of a plan text, read in phases.

1. **Lines** (:mod:`.lines`): every line cleaned and classified (noise, labels, closing
   lines, bare numbers, item markers).
2. **Candidate lists**: each rule proposes one way to read the list: numbered lines
   (here), lines of bare numbers (here), tables (:mod:`.tables`), run-in lists
   (:mod:`.runin`).
3. **Choice** (:func:`choose`): the candidate that agrees with the count the text states
   wins; then line-numbered lists and tables over run-in lists over plain lines; a ranking
   of places is never a list of commitments.
4. **Item bodies**: numbered lines gather the lines below them (joined across page
   breaks) until their departments or labels close them; items run together in one
   paragraph are split.
5. **End of the list**: a closing formula, signature, date, 抄送 line or byline, and
   follow-up prose (``下一步…``) end the list; the last item takes no more lines than the
   items before it did.
6. **Fields** are read from each item by :mod:`.plan`.

Every line ends up in the preamble, an item, a section heading, the metadata, the closing
block, the noise, or the unplaced lines of :class:`Outline`.
"""

from __future__ import annotations

import re

from .departments import UnitGroup, parse_unit_spec, split_trailing_units
from .lines import DEADLINE_LABEL_RE, PROGRESS_LABEL_RE, Line, classify
from .numbering import INLINE, STYLE_RANK, cn_number, marker, stated_counts
from .outline import Block, Candidate, Outline
from .runin import (
    enumerations,
    guillemet_runs,
    inline_items,
    inline_numbered,
    quoted_clauses,
    unnumbered_lines,
)
from .tables import cell_tables, pipe_tables, space_tables
from .text import ends_sentence, fold, strip_inline_noise

__all__ = [
    "DEADLINE_LABEL_RE",
    "PROGRESS_LABEL_RE",
    "Block",
    "Line",
    "Outline",
    "UnitGroup",
    "cn_number",
    "marker",
    "parse",
]


def _is_heading_like(line: Line, end: int) -> bool:
    rest = line.key[end:]
    return (
        0 < len(rest) <= 40
        and split_trailing_units(rest)[1] is None
        and not rest.endswith((";", ","))
    )


# --- numbered lines -------------------------------------------------------------------


def _title_line(text: str) -> bool:
    """Whether an item's first line is its title (``(一)住房保障``): short, no punctuation.
    A page break leaves a long line, so such a line is not joined with the next."""
    folded = fold(text).text
    return 0 < len(folded) <= 20 and not re.search(r"[,;:、。!?.]", folded)


def _append(block: Block, text: str) -> None:
    heading = len(block.pieces) == 1 and not block.unit_groups and _title_line(block.pieces[0])
    if block.pieces and not ends_sentence(block.pieces[-1]) and not heading:
        block.pieces[-1] = block.pieces[-1] + text  # a page break inside the item
    else:
        if len(block.pieces) == 1 and not block.unit_groups:
            block.has_heading_line = len(fold(block.pieces[0]).text) <= 40
        block.pieces.append(text)
    if split_trailing_units(block.pieces[-1])[1] is not None:
        block.closed = True


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
    block.unit_groups.extend(parse_unit_spec(line.text))
    block.closed = True


def _item_style(lines: list[Line]) -> str | None:
    counts: dict[str, int] = {}
    for line in lines:
        if line.kind == "line" and line.marker:
            counts[line.marker[0]] = counts.get(line.marker[0], 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda s: (counts[s], -abs(STYLE_RANK[s] - STYLE_RANK["ar_dun"])))


def numbered_lines(lines: list[Line]) -> list[Candidate]:
    """Items numbered at line starts in the most frequent style; higher styles are section
    headings, lower styles stay inside an item."""
    item_style = _item_style(lines)
    if item_style is None:
        return []
    cand = Candidate("numbered", [], priority=3)
    current: Block | None = None
    section: str | None = None
    last_number: int | None = None
    just_headed = False
    blocks: list[Block] = []
    continued: dict[int, list[tuple[int, list[str]]]] = {}  # block → (line, pieces before)
    for line in lines:
        mk = line.marker
        if line.kind in ("noise", "blank", "metadata", "bare"):
            continue
        if line.kind in ("closing", "prose_end"):
            current = None  # the list ends here (a later numbered line may start it again)
            continue
        if line.kind == "label":
            if current is not None:
                _attach_label(current, line)
                cand.used.add(line.no)
            continue
        if mk and STYLE_RANK[mk[0]] < STYLE_RANK[item_style] and _is_heading_like(line, mk[2]):
            section = line.text
            cand.sections.append(section)
            cand.section_lines.add(line.no)
            current = None
            just_headed = True
            continue
        if mk and mk[0] == item_style:
            n = mk[1]
            fits = last_number is None or n == last_number + 1 or (n == 1 and just_headed)
            if fits or current is None or current.closed:
                if not fits:
                    cand.warnings.append(
                        f"line {line.no}: numbering goes from {last_number} to {n}"
                    )
                current = Block(n, line.no, mk[0], [line.folded.tail(mk[2]).strip()], section)
                if split_trailing_units(current.pieces[0])[1] is not None:
                    current.closed = True
                blocks.append(current)
                cand.used.add(line.no)
                last_number = n
                just_headed = False
                continue
        if current is not None and not current.closed:
            continued.setdefault(id(current), []).append((line.no, list(current.pieces)))
            _append(current, line.text)
            cand.used.add(line.no)
    _trim_last(blocks, continued, cand)
    if _page_chunks(blocks):
        cand.warnings.append(
            "numbered lines " + ", ".join(str(b.line) for b in blocks)
            + " are page fragments of a document site, not items: joined"
        )  # fmt: skip
        joined = strip_inline_noise("".join(b.pieces[0] for b in blocks))
        _, blocks = inline_items(joined, blocks[0].line, None)
        cand.kind = "page-chunks"
    split: list[Block] = []
    for b in blocks:
        split.extend(_split_inline(b))
    cand.blocks = split
    if split:
        cand.stated.append((_preamble_count(lines, split[0].line), len(split)))
    return [cand] if split else []


def _trim_last(blocks: list[Block], continued: dict[int, list[tuple[int, list[str]]]],
               cand: Candidate) -> None:  # fmt: skip
    """The last item takes no more lines than the items before it: where every earlier item
    is one line, lines after the last one (which ends its sentence) are not part of it."""
    if len(blocks) < 3:
        return
    last = blocks[-1]
    if any(id(b) in continued for b in blocks[:-1]) or id(last) not in continued:
        return
    _, before = continued[id(last)][0]
    if not before or not ends_sentence(before[-1]):
        return
    last.pieces = before
    last.has_heading_line = False
    for no, _ in continued[id(last)]:
        cand.used.discard(no)


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


def _page_chunks(blocks: list[Block]) -> bool:
    """Whether numbered "items" are really page fragments of a document site (each ends
    mid-sentence and the next one continues it)."""
    if len(blocks) < 3 or any(b.style not in ("ar_dun", "ar_dot") for b in blocks):
        return False
    return all(
        len(b.pieces) == 1 and not b.unit_groups and not ends_sentence(b.pieces[0])
        for b in blocks[:-1]
    )


# --- bare numbers ---------------------------------------------------------------------


def bare_numbers(lines: list[Line]) -> list[Candidate]:
    """Item numbers alone on their line (``01``, ``1``), the item's lines below. Numbering
    may restart at 1 after a short heading line (``十件民生实事``), which is a section."""
    content = [ln for ln in lines if ln.kind not in ("blank", "noise")]
    cand = Candidate("bare", [], priority=2)
    expected = 1
    section: str | None = None
    i = 0
    while i < len(content):
        line = content[i]
        n = int(line.key.rstrip("|").strip()) if line.kind == "bare" else None
        heading = content[i - 1] if i > 0 else None
        if n == 1 and heading is not None and _short_heading(heading):
            if cand.blocks and cand.blocks[-1].pieces and heading.no in cand.used:
                _drop_line(cand, heading)
            section = heading.text
            cand.sections.append(section)
            cand.section_lines.add(heading.no)
            expected = 1
        if n is not None and n == expected:
            body: list[Line] = []
            j = i + 1
            while j < len(content) and content[j].kind in ("line", "prose_end"):
                if content[j].kind == "prose_end" and body:
                    break
                body.append(content[j])
                j += 1
            if body:
                pieces = [ln.text for ln in body]
                block = Block(n, line.no, "bare", pieces, section, closed=True)
                block.has_heading_line = len(body) >= 2 and len(body[0].key) <= 40
                cand.blocks.append(block)
                cand.used.update([line.no] + [ln.no for ln in body])
                expected += 1
            i = j
            continue
        i += 1
    if len(cand.blocks) < 3:
        return []
    cand.stated.append((_preamble_count(lines, cand.blocks[0].line), len(cand.blocks)))
    return [cand]


def _short_heading(line: Line) -> bool:
    return line.kind == "line" and len(line.key) <= 12 and not ends_sentence(line.key)


def _preamble_count(lines: list[Line], first: int) -> int | None:
    """The count stated in the last lines before the first item (``以下10项…:``)."""
    before = [ln for ln in lines if ln.no < first and ln.kind == "line"][-3:]
    for line in reversed(before):
        counts = stated_counts(line.key)
        if counts:
            return counts[-1][1]
    return None


def _drop_line(cand: Candidate, heading: Line) -> None:
    """A heading line read as the last line of the previous item belongs to the next
    section."""
    last = cand.blocks[-1]
    if last.pieces and last.pieces[-1] == heading.text and len(last.pieces) > 1:
        last.pieces.pop()
        last.has_heading_line = len(last.pieces) >= 2
    cand.used.discard(heading.no)


# --- choosing -------------------------------------------------------------------------

_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,6}(县|区|市|镇|乡|街道)$")


def _ranking(cand: Candidate) -> bool:
    """Whether a list is a ranking of places (``1、金寨县;2、…``), not of commitments."""
    texts = [fold(b.pieces[0] if b.pieces else "").text.strip(" ;,。") for b in cand.blocks]
    return bool(texts) and sum(1 for t in texts if _PLACE_RE.match(t)) * 2 > len(texts)


def _headings_over_lines(numbered: Candidate, lines_cand: Candidate) -> bool:
    """Whether numbered "items" are category headings over unnumbered one-line items."""
    if lines_cand.kind != "lines" or len(lines_cand.sections) != len(numbered.blocks):
        return False
    per_section: dict[str, int] = {}
    for b in lines_cand.blocks:
        if b.section:
            per_section[b.section] = per_section.get(b.section, 0) + 1
    return sum(1 for n in per_section.values() if n >= 2) >= 2


def choose(candidates: list[Candidate]) -> Candidate | None:
    """The candidate list the evidence favours (see the module docstring)."""
    pool = [c for c in candidates if c.blocks and not _ranking(c)]
    if not pool:
        return None
    numbered = [c for c in pool if c.kind in ("numbered", "page-chunks")]
    for c in pool:
        if c.kind == "lines" and numbered and _headings_over_lines(numbered[0], c):
            return c
    best_line_list = max((len(c.blocks) for c in pool if c.priority >= 3), default=0)

    def score(c: Candidate) -> tuple[bool, int, int]:
        # A run-in list beats numbered lines only with a stated count on its side and at
        # least as many items.
        fits = c.fits and (c.priority >= 3 or len(c.blocks) >= best_line_list)
        return (fits, c.priority, len(c.blocks))

    return max(pool, key=score)


# --- the outline ----------------------------------------------------------------------


def parse(text: str) -> Outline:
    """The outline of a plan (or progress report) text."""
    lines, cleaned = classify(text)
    outline = Outline(lines, cleaned=cleaned)
    candidates: list[Candidate] = []
    candidates += pipe_tables(lines, outline)
    candidates += cell_tables(lines)
    candidates += space_tables(lines)
    candidates += numbered_lines(lines)
    candidates += bare_numbers(lines)
    candidates += inline_numbered(lines)
    candidates += enumerations(lines)
    candidates += quoted_clauses(lines)
    candidates += guillemet_runs(lines)
    candidates += unnumbered_lines(lines)
    chosen = choose(candidates)
    blocks = chosen.blocks if chosen else []
    if chosen is not None:
        outline.kind = chosen.kind
        outline.sections = list(dict.fromkeys(chosen.sections))
        outline.warnings.extend(chosen.warnings)
        stated = [s for s, _ in chosen.stated if s is not None]
        if chosen.stated and not chosen.fits and stated:
            outline.warnings.append(
                "the text states "
                + " + ".join(str(s) for s in stated)
                + f" items; found {len(blocks)}: check for missing or merged items"
            )
    used = chosen.used | chosen.section_lines if chosen else set()
    first = min((b.line for b in blocks), default=None)
    for line in lines:
        if line.no in used or line.kind in ("blank", "metadata"):
            continue
        if line.kind in ("noise", "bare"):
            outline.noise.append(line)
        elif first is None or line.no < first:
            outline.preamble.append(line)
        elif line.kind == "closing":
            outline.closing.append(line)
        else:
            outline.unplaced.append(line)
    numbers = [b.number for b in blocks]
    if len(set(numbers)) != len(numbers) or (numbers and numbers[0] != 1):
        why = "repeat (numbering restarts in each section?)" if len(set(numbers)) != len(
            numbers) else f"start at {numbers[0]}"  # fmt: skip
        outline.warnings.append(f"item numbers {why}: renumbered 1..{len(blocks)}")
        for i, b in enumerate(blocks, start=1):
            b.number = i
    outline.blocks = blocks
    return outline


def stated_total(outline: Outline) -> int | None:
    """The number of commitments the preamble states (``十件民生实事``), if any."""
    for line in reversed(outline.preamble[-3:]):
        counts = stated_counts(line.key)
        if counts:
            return counts[-1][1]
    return None
