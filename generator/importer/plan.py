"""From an outline to a plan draft: commitments, plan metadata, and the import summary."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .deadlines import Deadline, deadline_in_text, parse_deadline
from .departments import (
    LABEL_RE,
    Registry,
    UnitGroup,
    assign_roles,
    looks_like_unit,
    parse_unit_spec,
    split_trailing_units,
    split_units,
)
from .lines import SIGNATURE_RE
from .structure import DEADLINE_LABEL_RE, Block, Line, Outline, parse
from .targets import Target, find_targets
from .text import fold, key

_INLINE_DEADLINE_RE = re.compile(r"(完成时限|完成时间|完成期限|时间节点)\s*[:]")


@dataclass
class ImportedCommitment:
    """A commitment read from the text."""

    no: int
    text: str
    line: int
    section: str | None = None
    title: str | None = None
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    targets: list[Target] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    categories: tuple[str, ...] = ()  # suggested themes, primary first
    theme_basis: str | None = None  # what the suggestion rests on (model.THEME_BASES)


@dataclass
class ImportedPlan:
    """A plan draft: what the text says, with what the editor gave on the command line."""

    id: str
    title: str
    district: str
    year: int | None
    issuer: str | None = None
    document_number: str | None = None
    published: dt.date | None = None
    source: dict[str, str] = field(default_factory=dict)
    commitments: list[ImportedCommitment] = field(default_factory=list)
    # the whole plan's deadline, from its closing words (确保年底圆满完成各项既定工作目标)
    deadline: Deadline | None = None


# A closing sentence that gives every item one deadline: 确保年底圆满完成各项…目标,
# 力争年内全部完成. The time words are kept as written (the plan's deadline_text).
PLAN_DEADLINE_RE = re.compile(
    r"(?:确保|力争|务必|保证)(?P<when>年底前?|年内|年末|\d{1,2}月底前?)[^。；;]{0,12}?"
    r"(?:全部|全面|圆满|如期)?完成(?:各项|全部|所有)"
)


def plan_deadline(outline: Outline, year: int | None) -> Deadline | None:
    """The plan-level deadline its words after the last item give, if any."""
    if year is None or not outline.blocks:
        return None
    last = max(b.line for b in outline.blocks)
    for line in sorted((*outline.unplaced, *outline.closing), key=lambda ln: ln.no):
        if line.no <= last:
            continue
        found = PLAN_DEADLINE_RE.search(key(line.raw))
        if found:
            parsed = parse_deadline(found["when"], year)
            if parsed.date is not None:
                return parsed
    return None


def _unbalanced(text: str) -> bool:
    return text.count("(") + text.count("（") < text.count(")") + text.count("）")


def _split_labels(text: str) -> tuple[str, list[UnitGroup], str | None]:
    """Text without labelled units or deadline inside it (``…。牵头单位：区教育局``)."""
    folded = fold(text)
    starts = []
    for pattern in (LABEL_RE, _INLINE_DEADLINE_RE):
        for m in pattern.finditer(folded.text):
            if m.start() > 0 and folded.text[m.start() - 1] in "。;,( \n":
                starts.append(m.start())
                break
    if not starts:
        return text, [], None
    start = min(starts)
    head = folded.span(0, start).rstrip(" ;；,，(（\n")
    spec = folded.tail(start).strip().rstrip("。.")
    while spec and spec[-1] in ")）" and _unbalanced(spec):
        spec = spec[:-1].rstrip("。.")  # the closing parenthesis of ``（牵头单位:…）``
    deadline_text = None
    groups: list[UnitGroup] = []
    for part in re.split(r"[;；]", spec):
        label = DEADLINE_LABEL_RE.match(fold(part.strip()).text)
        if label:
            deadline_text = fold(part.strip()).tail(label.end()).strip()
        elif part.strip():
            groups.extend(parse_unit_spec(part))
    return head, groups, deadline_text


# Items that are names in a list (``A、B、C``, ``“A”…;“B”…``, ``《A》《B》``) or table rows:
# their parentheses qualify the name (``新建公共卫生临床中心(慢性病防治院)``), they never
# hold the responsible units.
NAME_STYLES = {"enumeration", "quoted", "guillemets", "table"}
# Item styles whose first sentence may be the item's own title (``1.title。text…``).
TITLED_STYLES = {"ar_dun", "ar_dot", "ar_space", "ar_paren", "ar_rparen", "cn_dun", "cn_paren",
                 "di", "circled", "bare", "line"}  # fmt: skip
# A period written like a deadline after a title: ``2606个撤并村通公路(2013—2017年)。``
PERIOD_RE = re.compile(r"\((\d{4}\s*[—–-]+\s*\d{4}\s*年)\)$")
# Units printed after the last sentence of a flattened table row (a 牵头单位 column):
# ``…发放救助金. 自治区民政厅 ―``.
_TAIL_UNIT_RE = re.compile(r"[。.;]\s*([^。.;,()]{2,30}?)[\s―—-]*$")


def _lead_sentence(text: str) -> tuple[str, str] | None:
    """``(title, rest)`` when ``text`` opens with a short title sentence: ``title。rest``."""
    folded = fold(text)
    end = folded.text.find("。")
    if end <= 0 or end > 34 or re.search(r"[,;:]", folded.text[:end]):
        return None
    return folded.span(0, end).strip(), folded.tail(end + 1).strip()


def _tail_units(text: str) -> tuple[str, str | None]:
    """Split a unit name printed after the last sentence (a lead column run into the text)."""
    m = _TAIL_UNIT_RE.search(text)
    if not m:
        return text, None
    name = re.sub(r"\s+", "", m.group(1))
    if not name or not all(looks_like_unit(u) for u in split_units(name)):
        return text, None
    return text[: m.start(1)].rstrip(), name


def commitment_from_block(block: Block, year: int | None) -> ImportedCommitment:
    """A commitment from one numbered item."""
    pieces = [p.strip() for p in block.pieces if p.strip()]
    title = block.title
    if block.has_heading_line and len(pieces) >= 2 and title is None:
        title = pieces[0].rstrip("。.;；:：")
        pieces = pieces[1:]
    period: str | None = None
    if title is None and block.style in TITLED_STYLES and pieces:
        opening = _lead_sentence(pieces[0])
        if opening is not None and PERIOD_RE.search(fold(opening[0]).text):
            title, rest = opening
            pieces = [rest, *pieces[1:]] if rest else pieces[1:] or [pieces[0]]
    if title is not None:
        m = PERIOD_RE.search(fold(title).text)
        if m:
            period = fold(title).span(m.start(1), m.end(1))
            title = fold(title).span(0, m.start()).strip()
    text = "\n\n".join(pieces)
    groups = list(block.unit_groups)
    deadline_text = block.deadline_text or period
    if block.style not in NAME_STYLES:
        text, label_groups, inline_deadline = _split_labels(text)
        groups += label_groups
        deadline_text = deadline_text or inline_deadline
        text, spec = split_trailing_units(text)
        if spec is not None:
            groups += parse_unit_spec(spec)
        elif not groups:
            text, tail = _tail_units(text)
            if tail is not None:
                groups.append(UnitGroup(None, split_units(tail)))
    lead, support = assign_roles(groups)
    plan_year = year or dt.date.today().year
    deadline: Deadline | None = None
    if deadline_text:
        deadline = parse_deadline(deadline_text, plan_year)
    else:
        deadline = deadline_in_text(text, plan_year)
    return ImportedCommitment(
        no=block.number,
        text=text.strip(),
        line=block.line,
        section=block.section,
        title=title,
        lead=lead,
        support=support,
        deadline=deadline,
        targets=find_targets(text),
        extra=dict(block.extra),
    )


# --- plan metadata ----------------------------------------------------------------------

DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（【]\d{4}[〕\]］)）】]\s*\d+\s*号")
NOTICE_RE = re.compile(r"关于印发\s*《?(?P<title>[^《》]+?)》?\s*的?\s*通知")
DATE_LINE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
TITLE_END_RE = re.compile(r"(计划|方案|清单|实事|项目|工程|要点|安排|目录|活动|任务)(公布|发布)?$")
YEAR_RE = re.compile(r"(\d{4})\s*年")


def _title_lines(outline: Outline) -> list[Line]:
    """Preamble lines that may be the plan's title: not a date, a stamp or a sentence."""
    return [
        ln
        for ln in outline.preamble
        if ln.key
        and len(ln.key) <= 80
        and ln.kind not in ("closing", "noise")
        and not re.search(r"[。,;:!?]", ln.key)
        and len(ln.text.split()) < 4  # a table header, not a title
        and not re.match(r"^\d{4}[-年.]\d{1,2}", ln.key)
    ]


def plan_metadata(outline: Outline) -> dict[str, object]:
    """Title, issuer, document number, publication date and source of the preamble."""
    meta: dict[str, object] = {}
    preamble = outline.preamble
    texts = [ln.text for ln in preamble] + list(outline.metadata.values())
    for t in texts:
        number = DOC_NUMBER_RE.search(fold(t).text)
        if number:
            meta["document_number"] = re.sub(r"\s+", "", number.group(0))
            break
    notice: str | None = outline.metadata.get("标题")
    if notice is None:
        for ln in preamble:
            if NOTICE_RE.search(ln.key):
                notice = ln.text
                break
    if notice is not None:
        m = NOTICE_RE.search(fold(notice).text)
        assert m is not None
        meta["title"] = m.group("title").strip()
        meta["source_title"] = re.sub(r"\s{2,}", " ", notice.strip())
        prefix = fold(notice).text[: m.start()].strip()
        if prefix and prefix not in ("区政府", "市政府", "县政府"):
            meta["issuer"] = "、".join(prefix.split())
    else:
        for ln in _title_lines(outline):
            candidate = re.sub(r"\.(docx?|pdf|wps|txt)$", "", ln.text)
            if TITLE_END_RE.search(fold(candidate).text) or YEAR_RE.search(ln.key):
                meta["title"] = candidate
                meta["source_title"] = candidate
                break
    signed = [*preamble, *outline.closing]
    for i, ln in enumerate(signed[:-1]):
        nxt = signed[i + 1]
        d = DATE_LINE_RE.match(nxt.key)
        if SIGNATURE_RE.match(ln.key) and d:
            meta["issuer"] = ln.text
            meta["published"] = dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
            break
    publisher = outline.metadata.get("发布机构")
    if not publisher:
        for ln in outline.noise:
            m = re.match(r"^主办\s*:\s*(\S+)", ln.key)
            if m:
                publisher = ln.folded.span(m.start(1), m.end(1))
                break
    if publisher:
        meta["publisher"] = publisher
    return meta


def build_plan(
    text: str,
    *,
    plan_id: str | None,
    district: str | None,
    year: int | None,
    archived: str | None = None,
) -> tuple[ImportedPlan, Outline]:
    """A plan draft from the text of a plan."""
    outline = parse(text)
    meta = plan_metadata(outline)
    title = str(meta.get("title") or "")
    if year is None:
        m = YEAR_RE.search(key(title))
        year = int(m.group(1)) if m else None
    commitments = [commitment_from_block(b, year) for b in outline.blocks]
    pid = plan_id or (f"{district}-{year}" if district and year else "")
    source: dict[str, str] = {}
    if meta.get("source_title"):
        source["title"] = str(meta["source_title"])
    if archived:
        source["archived"] = archived
    if meta.get("publisher"):
        source["publisher"] = str(meta["publisher"])
    published = meta.get("published")
    plan = ImportedPlan(
        id=pid,
        title=title,
        district=district or "",
        year=year,
        issuer=str(meta["issuer"]) if meta.get("issuer") else None,
        document_number=str(meta["document_number"]) if meta.get("document_number") else None,
        published=published if isinstance(published, dt.date) else None,
        source=source,
        commitments=commitments,
        deadline=plan_deadline(outline, year),
    )
    return plan, outline


def summary_lines(plan: ImportedPlan, outline: Outline, registry: Registry) -> list[str]:
    """The import summary printed on stderr."""
    cs = plan.commitments
    sections = sorted({c.section for c in cs if c.section}, key=lambda s: outline.sections.index(s)
                      if s in outline.sections else 0)  # fmt: skip
    names: list[str] = []
    for c in cs:
        for n in c.lead + c.support:
            if n not in names:
                names.append(n)
    departments = [n for n in names if not registry.is_scope(n)]
    scopes = [n for n in names if registry.is_scope(n)]
    uses = {n: sum(1 for c in cs if n in c.lead or n in c.support) for n in names}
    new_departments = [f"{n} ({uses[n]})" for n in departments if not registry.knows(n)]
    new_scopes = [f"{n} ({uses[n]})" for n in scopes if not registry.knows(n)]
    targets = sum(len(c.targets) for c in cs)
    with_targets = sum(1 for c in cs if c.targets)
    deadlines = [c.deadline for c in cs if c.deadline is not None]
    dated = sum(1 for d in deadlines if d.date is not None)
    ongoing = sum(1 for d in deadlines if d.ongoing)
    milestones = sum(len(d.milestones) for d in deadlines)
    no_lead = [c.no for c in cs if not c.lead]
    out = [
        f"commitments: {len(cs)}",
        f"sections: {len(sections)}" + (f" ({', '.join(sections)})" if sections else ""),
        f"departments: {len(departments)}"
        + (f"; not in departments.yaml: {', '.join(new_departments)}" if new_departments else ""),
        f"scopes: {len(scopes)}"
        + (f"; not in departments.yaml: {', '.join(new_scopes)}" if new_scopes else ""),
        f"targets: {targets} in {with_targets} commitments",
        f"deadlines: {len(deadlines)} worded ({dated} dated, {ongoing} ongoing), "
        f"{milestones} milestones; the others "
        + (
            f"take the plan's own deadline ({plan.deadline.text}, "
            f"{plan.deadline.date.isoformat()}, from its closing words)"
            if plan.deadline is not None and plan.deadline.date is not None
            else "default to the end of the plan year"
        ),
    ]
    if not plan.title:
        out.append("title: not found; fill in `title`")
    if not plan.district:
        out.append("district: not given; fill in `district` (or use --district)")
    if plan.year is None:
        out.append("year: not found; fill in `year` (or use --year)")
    if no_lead:
        out.append("no lead department: commitments " + ", ".join(map(str, no_lead)))
    weak = [c.no for c in cs if c.theme_basis in ("section", "none")]
    if weak:
        out.append(
            "themes only guessed (from the heading, or none found): commitments "
            + ", ".join(map(str, weak))
            + "; check `categories`"
        )
    for w in outline.warnings:
        out.append(f"warning: {w}")
    if outline.cleaned:
        out.append(
            f"cleaned: {outline.cleaned} lines had pinyin residue or radical look-alikes removed"
        )
    if outline.closing:
        out.append(f"closing lines ({len(outline.closing)}: formula, signature, date, byline):")
        out.extend(f"  line {ln.no}: {ln.text}" for ln in outline.closing)
    if outline.noise:
        out.append(
            f"dropped as page or website furniture ({len(outline.noise)}): lines "
            + _ranges([ln.no for ln in outline.noise])
        )
    if outline.unplaced:
        out.append(f"unplaced lines ({len(outline.unplaced)}), check them:")
        for ln in outline.unplaced:
            out.append(f"  line {ln.no}: {ln.text}")
    else:
        out.append("unplaced lines: none")
    return out


def _ranges(numbers: list[int]) -> str:
    """``1, 3-5, 9`` for [1, 3, 4, 5, 9]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
