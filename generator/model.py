"""The content model: frozen dataclasses and the pure rules that derive values from them.

Nothing here reads or writes files. :mod:`generator.validate` builds a :class:`Content` from
the YAML files; everything downstream (pages, search, open data, feeds) reads only this.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

# names are matched in the one form that search and the importer use too
from generator.folding import normalize as normalize_name

NOT_REPORTED = "not_reported"
CLOSED_STATUSES = frozenset({"completed", "adjusted"})
STATUS_ORDER = ("completed", "on_track", "behind", "not_started", "adjusted", "not_reported")
# The Chinese words for the statuses, accepted in content for the English ones: what the
# site shows (the zh catalog's status labels) and what progress reports write. The report
# importer reads the same words (generator/importer/progress.py STATUS_WORDS).
STATUS_ALIASES: dict[str, str] = {
    "已完成": "completed",
    "正常推进": "on_track",
    "进度滞后": "behind",
    "未开工": "not_started",
    "未开始": "not_started",
    "已调整": "adjusted",
    "未报告进展": "not_reported",
}
# Who reported an update; "unsourced": recorded without a public document (paper, phone).
SOURCE_KINDS = ("government", "media", "citizen", "verified", "unsourced")
# Plan ids, district and department slugs: lower-case ASCII words joined by hyphens.
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# What may end a commitment's text and not its title.
SENTENCE_END = "。；;."
# Where the public looks up a site's ICP filing, and its public security filing.
ICP_REGISTER = "https://beian.miit.gov.cn/"
POLICE_REGISTER = "https://beian.mps.gov.cn/#/query/webSearch"
# The glyph shown beside each status (and "overdue") wherever a status is shown.
STATUS_ICONS = {
    "completed": "✔",
    "on_track": "▶",
    "behind": "⚠",
    "not_started": "○",
    "adjusted": "↻",
    "not_reported": "？",
    "overdue": "⚑",  # a glyph DejaVu and Noto carry; ⏰ is missing from common fonts
    "past_deadline": "◔",  # a clock-like quarter circle, from the same fonts' geometric shapes
}


@dataclass(frozen=True, slots=True)
class Contacts:
    """Where a citizen can ask about a commitment (each optional; pages fall back from a
    department to its district, to the site, to the national 12345 hotline)."""

    hotline: str | None = None  # 12345 or a local hotline
    phone: str | None = None  # an office's telephone (e.g. the one handling 依申请公开)
    website: str | None = None
    foi_url: str | None = None  # 政府信息公开 (依申请公开) application page
    mailbox_url: str | None = None  # 区长信箱 / 留言板
    deputies_url: str | None = None  # 人大代表联络 page
    email: str | None = None

    def __bool__(self) -> bool:
        return any(
            (
                self.hotline,
                self.phone,
                self.website,
                self.foi_url,
                self.mailbox_url,
                self.deputies_url,
                self.email,
            )
        )


# The hotline every Chinese city answers: the last fallback of every contact box.
NATIONAL_HOTLINE = "12345"


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    description: str
    base_url: str
    language: str
    as_of: date
    licence: str
    repository: str | None = None
    # Names in the output folder that the site keeps there although no build makes them.
    keep: tuple[str, ...] = ()
    contacts: Contacts = Contacts()
    publisher: str | None = None  # who runs the site (the about page names them)
    corrections: str | None = None  # where to report an error: a URL or an address
    # The site's filing numbers in mainland China, shown in every page's footer as the rules
    # ask, each linked to the register where it is looked up: ICP 备案号 (京ICP备12345678号)
    # and 公安备案号 (京公网安备11010502030143号).
    icp: str | None = None
    police_record: str | None = None

    @property
    def icp_url(self) -> str:
        return ICP_REGISTER

    @property
    def police_record_url(self) -> str:
        digits = "".join(ch for ch in self.police_record or "" if ch.isascii() and ch.isdigit())
        return POLICE_REGISTER + (f"?code={digits}" if digits else "")


@dataclass(frozen=True, slots=True)
class District:
    slug: str
    name: str
    full_name: str
    parent: str
    level: str
    contacts: Contacts = Contacts()

    @property
    def display_name(self) -> str:
        return self.full_name or self.name


@dataclass(frozen=True, slots=True)
class Department:
    district: str
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    website: str | None = None
    foi_url: str | None = None
    hotline: str | None = None
    listed: bool = True  # False: named in a plan but missing from departments.yaml
    office: str | None = None  # office type for comparisons; None: derived, see office_type()

    @property
    def key(self) -> tuple[str, str]:
        return (self.district, self.slug)


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    name: str
    name_en: str
    keywords: tuple[str, ...]
    description: str = ""
    # Phrases in which a keyword is not evidence for this theme (桥梁 in 沟通桥梁).
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceRef:
    url: str | None
    title: str | None
    kind: str  # government | media | citizen | verified
    publisher: str | None = None
    date: date | None = None
    archived: str | None = None  # path under content/ of the report's archived text


@dataclass(frozen=True, slots=True)
class PlanSource:
    title: str | None
    url: str | None
    archived: str | None  # path relative to content/
    publisher: str | None = None
    retrieved: date | None = None


@dataclass(frozen=True, slots=True)
class Target:
    label: str
    value: float
    unit: str
    comparator: str
    text: str | None = None
    aim: bool = False  # 力争: striven for, not promised

    @property
    def value_text(self) -> str:
        return f"{self.value:g}" if isinstance(self.value, float) else str(self.value)

    @property
    def written_scale(self) -> int | None:
        """10000 or 100000000 when the text wrote the number in 万 or 亿 (``0.8 万人``)."""
        m = _WRITTEN_NUMBER.search(_folded_target(self.text or ""))
        return WRITTEN_SCALES.get(m.group(2)) if m and m.group(2) else None

    @property
    def comparator_form(self) -> str:
        """How the text words the comparison: ``before`` (不少于6场), ``after`` (6场以上),
        ``below`` (6场以下) or ``more`` (200多场)."""
        folded = _folded_target(self.text or "")
        if _WRITTEN_MORE.search(folded):
            return "more"
        if folded.endswith("以下"):
            return "below"
        if folded.endswith(COMPARATOR_WORDS_AFTER):
            return "after"
        return "before"

    @property
    def comparator_word(self) -> str | None:
        """The word the text opens with to say how the result compares (不低于, 达到,
        控制在…), when it is one that means this target's comparator."""
        folded = _folded_target(self.text or "")
        return next(
            (w for w in COMPARATOR_WORDS.get(self.comparator, ()) if folded.startswith(w)), None
        )


# How a target's text writes its number: 0.8万人, 62亿元, 200多场, 6场以上.
WRITTEN_SCALES = {"万": 10_000, "亿": 100_000_000}
_WRITTEN_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?:多|余)?(万|亿)?")
_WRITTEN_MORE = re.compile(r"\d(?:万|亿)?(?:多|余)")
COMPARATOR_WORDS_AFTER = ("以上", "以内", "之内", "左右", "以下")
# Words a target's text may open with, by the comparator they mean (longest first).
COMPARATOR_WORDS = {
    ">=": ("不少于", "不低于", "至少", "达到", "到达", "达"),
    ">": ("超过", "高于", "多于"),
    "<=": ("不超过", "不高于", "不多于", "控制在"),
    "<": ("低于", "少于"),
    "~": ("约", "近"),
}


def _folded_target(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True, slots=True)
class Milestone:
    date: date
    text: str


@dataclass(frozen=True, slots=True)
class Update:
    date: date
    status: str
    progress: float | None
    note: str
    source: SourceRef | None


@dataclass(frozen=True, slots=True)
class Responsible:
    """A unit named as lead or support, as written, and what it resolves to."""

    name: str  # as written in the plan
    department: str | None  # department slug in the plan's district; None for a scope
    is_scope: bool = False


@dataclass(frozen=True, slots=True)
class Commitment:
    plan: str
    no: int
    section: str | None
    category: str
    title: str
    text: str
    lead: tuple[Responsible, ...]
    support: tuple[Responsible, ...]
    deadline: date | None
    deadline_implied: bool
    deadline_text: str | None
    milestones: tuple[Milestone, ...]
    targets: tuple[Target, ...]
    declared_status: str | None
    updates: tuple[Update, ...]
    continues: str | None
    notes: str | None
    status: str  # effective status, see effective_status()
    overdue: bool  # a report says it is unfinished after its deadline, see is_overdue()
    continued_by: tuple[str, ...] = ()
    # Every theme the commitment belongs to, primary first (== category); see
    # suggest_categories() for those the editor did not give.
    categories: tuple[str, ...] = ()
    # What the themes rest on: "given" by the editor, else the suggestion's evidence
    # (THEME_BASES); "section" and "none" are weak guesses (`minsheng check --explain-themes`).
    theme_basis: str = "given"

    def __post_init__(self) -> None:
        if not self.categories:
            object.__setattr__(self, "categories", (self.category,))

    # The deadline has passed and no report says it was completed or adjusted (true of
    # every overdue commitment too); see is_past_deadline().
    past_deadline: bool = False
    deadline_from_plan: bool = False  # the deadline is the plan's own, not the item's

    @property
    def unconfirmed_past_deadline(self) -> bool:
        """Past its deadline with nothing reported since that says it is late: shown as
        期限已过 · 暂无完成情况, never as overdue."""
        return self.past_deadline and not self.overdue

    @property
    def reported(self) -> bool:
        """Whether anything is known of its progress (an update, or a status an editor set)."""
        return self.status != NOT_REPORTED

    @property
    def id(self) -> str:
        return f"{self.plan}/{self.no}"

    @property
    def latest_update(self) -> Update | None:
        return self.updates[-1] if self.updates else None

    @property
    def says_more_than_title(self) -> bool:
        """Whether the text says more than the title (lists then show both): a text that is
        its title plus a full stop does not."""
        return self.text.strip().strip(SENTENCE_END) != self.title

    @property
    def progress(self) -> float | None:
        for update in reversed(self.updates):
            if update.progress is not None:
                return update.progress
        return None

    def departments(self) -> Iterator[tuple[str, Responsible]]:
        """(role, unit) for every lead and supporting unit."""
        for unit in self.lead:
            yield "lead", unit
        for unit in self.support:
            yield "support", unit


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    district: str
    year: int
    issuer: str | None
    document_number: str | None
    published: date | None
    source: PlanSource | None
    summary: str | None
    caveats: tuple[str, ...]
    commitments: tuple[Commitment, ...]
    file: str  # content file it came from, relative to content/
    # False when the plan's year or issuer is uncertain (its caveats say why): every page,
    # list, result and feed entry then says so, and year charts leave it out.
    verified: bool = True
    year_text: str | None = None  # the year as it is known, e.g. "可能为2008—2010年"
    # A deadline for every item that gives none, from the plan's own words (deadline_text).
    deadline: date | None = None
    deadline_text: str | None = None

    @property
    def year_label(self) -> str:
        """The year as lists show it: the year, or for an unverified plan its year_text."""
        return self.year_text if not self.verified and self.year_text else str(self.year)

    @cached_property
    def sections(self) -> tuple[tuple[str | None, tuple[Commitment, ...]], ...]:
        """Commitments grouped by the plan's own headings, in plan order."""
        groups: list[tuple[str | None, list[Commitment]]] = []
        for c in self.commitments:
            if not groups or groups[-1][0] != c.section:
                groups.append((c.section, []))
            groups[-1][1].append(c)
        return tuple((name, tuple(items)) for name, items in groups)

    @cached_property
    def report_archives(self) -> tuple[str, ...]:
        """Archived progress reports its updates name that are not the plan's own archived
        source (that one has its source page), in first-named order."""
        own = self.source.archived if self.source else None
        found = (u.source.archived for c in self.commitments for u in c.updates if u.source)
        return tuple(dict.fromkeys(a for a in found if a and a != own))


@dataclass(frozen=True)
class Content:
    """Everything the site is built from, validated and cross-referenced."""

    site: Site
    districts: dict[str, District]
    departments: dict[tuple[str, str], Department]
    categories: dict[str, Category]
    plans: tuple[Plan, ...]  # newest year first, then id
    scopes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def plans_by_id(self) -> dict[str, Plan]:
        return {p.id: p for p in self.plans}

    @cached_property
    def commitments(self) -> tuple[Commitment, ...]:
        return tuple(c for p in self.plans for c in p.commitments)

    @cached_property
    def commitments_by_id(self) -> dict[str, Commitment]:
        return {c.id: c for c in self.commitments}

    @cached_property
    def plans_by_district(self) -> dict[str, tuple[Plan, ...]]:
        out: dict[str, list[Plan]] = defaultdict(list)
        for p in self.plans:
            out[p.district].append(p)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def department_roles(self) -> dict[tuple[str, str], tuple[tuple[str, Commitment], ...]]:
        """For each department: (role, commitment) pairs it is named in, plan order."""
        out: dict[tuple[str, str], list[tuple[str, Commitment]]] = defaultdict(list)
        for p in self.plans:
            for c in p.commitments:
                seen: set[str] = set()
                for role, unit in c.departments():
                    if unit.department and unit.department not in seen:
                        seen.add(unit.department)
                        out[(p.district, unit.department)].append((role, c))
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def commitments_by_category(self) -> dict[str, tuple[Commitment, ...]]:
        out: dict[str, list[Commitment]] = defaultdict(list)
        for c in self.commitments:
            for slug in c.categories:
                out[slug].append(c)
        return {k: tuple(v) for k, v in out.items()}

    def plan_of(self, commitment: Commitment) -> Plan:
        return self.plans_by_id[commitment.plan]

    def district_of(self, commitment: Commitment) -> District:
        return self.districts[self.plans_by_id[commitment.plan].district]


# --- derivation rules ----------------------------------------------------------------------


def effective_status(declared: str | None, updates: Sequence[Update]) -> str:
    """The declared status, else the latest update's, else 'not_reported'."""
    if declared:
        return declared
    if updates:
        return updates[-1].status
    return NOT_REPORTED


def is_past_deadline(deadline: date | None, status: str, as_of: date) -> bool:
    """The deadline is before the as-of date and no report says it was completed or
    adjusted. Says nothing of whether the work was done: only that nobody reported it.

    A commitment due today is not past its deadline yet; one without a deadline never is.
    """
    return deadline is not None and deadline < as_of and status not in CLOSED_STATUSES


def is_overdue(deadline: date | None, status: str, updates: Sequence[Update], as_of: date) -> bool:
    """Overdue (逾期未完成) only when a report says so: past its deadline, not completed or
    adjusted, and either a report dated after the deadline says it is unfinished, or the
    latest report, dated on or before the deadline, says it is behind.

    A deadline that passed without any report (the deadline implied by the plan year
    included) never makes a commitment overdue on its own; see is_past_deadline().
    """
    if not is_past_deadline(deadline, status, as_of) or not updates:
        return False
    assert deadline is not None
    latest = updates[-1]
    if latest.status in CLOSED_STATUSES:
        return False  # an editor's declared status says otherwise; the report still stands
    return latest.date > deadline or latest.status == "behind"


_TITLE_BREAK = re.compile(r"[，,；;。：:！!？?\n]")


def derive_title(text: str, limit: int = 32) -> str:
    """A short title from the first clause of the text, for commitments that have none."""
    plain = re.sub(r"[*_`#>\[\]]", "", text).strip()
    first = _TITLE_BREAK.split(plain, maxsplit=1)[0].strip()
    if not first:
        first = plain
    return first if len(first) <= limit else first[: limit - 1] + "…"


def pinyin_slug(name: str, limit: int = 48) -> str:
    """An ASCII slug for a Chinese name: its pinyin, hyphenated; letters and digits kept."""
    # Imported here: pypinyin's dictionaries take about 55 MiB, and most builds (departments
    # with their slugs in departments.yaml) never need them.
    from pypinyin import lazy_pinyin

    parts: list[str] = []
    for syllable in lazy_pinyin(normalize_name(name), errors="default"):
        cleaned = re.sub(r"[^a-z0-9]+", "-", syllable.lower()).strip("-")
        if cleaned:
            parts.append(cleaned)
    slug = "-".join(parts) or "dept"
    slug = re.sub(r"-{2,}", "-", slug)[:limit].strip("-")
    return slug or "dept"


def assign_slugs(names: Iterable[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """Pinyin slugs for names, unique among themselves and ``taken``.

    Collisions (homophones such as 公安局/公安局(交警)) are resolved deterministically: names
    are processed in sorted order and a later one gets ``-2``, ``-3``….
    """
    used = set(taken)
    out: dict[str, str] = {}
    for name in sorted(set(names)):
        base = pinyin_slug(name)
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        out[name] = slug
    return out


# What a commitment's themes rest on, strongest first. The last two are weak guesses.
THEME_BASES = ("given", "title", "text", "section", "none")
WEAK_THEME_BASES = frozenset({"section", "none"})
MAX_THEMES = 3
# Keywords at most this many characters apart are one mention (see theme_hits).
MENTION_GAP = 4


# A qualifier in brackets after a unit's name: 党政办公室(政法) is a part of 党政办公室.
_QUALIFIER = re.compile(r"\(([^()]+)\)$")
# What names of the same kind of office end with in different districts (卫健局, 卫健委): the
# longest first; a name that would be left with fewer than two characters keeps its ending.
_OFFICE_ENDINGS = ("委员会", "办公室", "分局", "大队", "中心", "局", "委", "办")
_LEVEL_PREFIXES = ("区", "县", "市")


def split_qualifier(name: str) -> tuple[str, str | None]:
    """``党政办公室(政法)`` → ``("党政办公室", "政法")``; full-width brackets too."""
    folded = normalize_name(name)
    m = _QUALIFIER.search(folded)
    return (folded[: m.start()], m.group(1)) if m else (folded, None)


def office_type(dept: Department, district_name: str) -> str:
    """The kind of office a department is, so that every district's 人社局 can be compared:
    ``office:`` in departments.yaml when given; else the shortest of its name and aliases,
    without a qualifier, without the district's name or a 区/县/市 prefix, and without a
    common ending (区人社局, 人社局, 区人力资源和社会保障局 → 人社)."""
    if dept.office:
        return normalize_name(dept.office)
    place = normalize_name(district_name)
    cores = []
    for name in (dept.name, *dept.aliases):
        core = split_qualifier(name)[0]
        for prefix in (place, place.rstrip("区县市"), *_LEVEL_PREFIXES):
            rest = core[len(prefix) :]
            # 区委…, 县委… are the party committee of the district, not a prefix
            if prefix and core.startswith(prefix) and len(rest) >= 2 and rest[0] != "委":
                core = rest
                break
        for ending in _OFFICE_ENDINGS:
            kept = core[: -len(ending)]
            # 团区委, 区委: the committee of the district, not an office ending in 委
            if core.endswith(ending) and len(kept) >= 2 and not kept.endswith(_LEVEL_PREFIXES):
                core = kept
                break
        cores.append(core)
    return min(cores, key=lambda c: (len(c), c))


@dataclass(frozen=True, slots=True)
class ThemeSuggestion:
    categories: tuple[str, ...]  # primary first
    basis: str  # one of THEME_BASES other than "given"

    @property
    def weak(self) -> bool:
        return self.basis in WEAK_THEME_BASES


def theme_hits(text: str, cat: Category) -> int:
    """How many of the theme's keywords (and its name) occur in ``text`` as words in
    context: an occurrence inside one of the theme's ``exclude`` phrases does not count,
    overlapping keywords (居家养老 and 养老) count once, the longest first; keywords close
    together are one mention, and a mention counts only when it brings a keyword not
    counted before (saying 老年人 twice is one piece of evidence, not two)."""
    if not text:
        return 0
    folded = normalize_name(text)
    excluded: list[tuple[int, int]] = []
    for phrase in cat.exclude:
        phrase = normalize_name(phrase)
        start = folded.find(phrase) if phrase else -1
        while start >= 0:
            excluded.append((start, start + len(phrase)))
            start = folded.find(phrase, start + 1)
    taken: list[tuple[int, int, str]] = []
    for word in sorted({normalize_name(k) for k in (cat.name, *cat.keywords) if k}, key=len)[::-1]:
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            inside = any(a <= start and end <= b for a, b in excluded)
            if not inside and not any(start < b and a < end for a, b, _ in taken):
                taken.append((start, end, word))
            start = folded.find(word, start + 1)
    # One mention is a run of keywords close together ("12345”政务服务热线" is one); it
    # counts when it brings a keyword not counted before.
    found, seen, last_end = 0, set[str](), -MENTION_GAP - 1
    fresh = False
    for a, b, word in sorted(taken):
        if a - last_end > MENTION_GAP:
            found += fresh
            fresh = False
        if word not in seen:
            seen.add(word)
            fresh = True
        last_end = max(last_end, b)
    return found + fresh


def _also(own: int, text: int, section: int) -> bool:
    """Whether a theme other than the primary one is suggested too: named in the own words,
    twice in the rest of the text, or once in the text under a heading that names it."""
    return own > 0 or text - own >= 2 or (section > 0 and text > 0)


def suggest_categories(
    title: str | None,
    text: str,
    section: str | None,
    categories: Sequence[Category],
    fallback: str = "other",
) -> ThemeSuggestion:
    """The themes of a commitment that has none given (docs/content.md, "Themes").

    The item's own words decide first: its title, or when it has none the first clause of
    its text (what derive_title() shows as its title).
    The primary theme is the one with most keyword hits there (ties: more hits in the whole
    text, then the plan's heading, then categories.yaml order). Without a hit there, the whole
    text decides the same way; without one in the text either, the plan's section heading
    is a weak guess (plans file items under the wrong heading), and with nothing at all the
    fallback is. Further themes: see _also(), up to MAX_THEMES in all.
    """
    own = title or _TITLE_BREAK.split(text.strip(), maxsplit=1)[0]
    scored: list[tuple[int, int, int, int, str]] = []
    for order, cat in enumerate(categories):
        if cat.slug == fallback:
            continue
        o, t = theme_hits(own, cat), theme_hits(text, cat)
        if title:
            t += o  # the title is not part of the text; its words count there too
        h = theme_hits(section or "", cat)
        scored.append((o, t, h, -order, cat.slug))
    ranked: list[tuple[int, int, int, int, str]] = []
    basis = "none"
    for tier, rank in (("title", 0), ("text", 1), ("section", 2)):
        ranked = sorted(
            (s for s in scored if int(s[rank]) > 0), key=lambda s: s[rank:4], reverse=True
        )
        if ranked:
            basis = tier
            break
    if not ranked:
        return ThemeSuggestion((fallback,), "none")
    primary = ranked[0][4]
    if basis == "section":
        return ThemeSuggestion((primary,), basis)
    also = sorted(
        (s for s in scored if s[4] != primary and _also(*s[:3])),
        key=lambda s: s[:4],
        reverse=True,
    )
    return ThemeSuggestion((primary, *(s[4] for s in also))[:MAX_THEMES], basis)
