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
}


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


@dataclass(frozen=True, slots=True)
class SourceRef:
    url: str | None
    title: str | None
    kind: str  # government | media | citizen | verified
    publisher: str | None = None
    date: date | None = None


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

    @property
    def value_text(self) -> str:
        return f"{self.value:g}" if isinstance(self.value, float) else str(self.value)


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
    overdue: bool
    continued_by: tuple[str, ...] = ()

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

    @cached_property
    def sections(self) -> tuple[tuple[str | None, tuple[Commitment, ...]], ...]:
        """Commitments grouped by the plan's own headings, in plan order."""
        groups: list[tuple[str | None, list[Commitment]]] = []
        for c in self.commitments:
            if not groups or groups[-1][0] != c.section:
                groups.append((c.section, []))
            groups[-1][1].append(c)
        return tuple((name, tuple(items)) for name, items in groups)


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
            out[c.category].append(c)
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


def is_overdue(deadline: date | None, status: str, as_of: date) -> bool:
    """Past its deadline (strictly before the as-of date) and neither completed nor adjusted.

    A commitment due today is not overdue yet; one without a deadline never is.
    """
    return deadline is not None and deadline < as_of and status not in CLOSED_STATUSES


_TITLE_BREAK = re.compile(r"[，,；;。：:！!？?\n]")


def derive_title(text: str, limit: int = 32) -> str:
    """A short title from the first clause of the text, for commitments that have none."""
    plain = re.sub(r"[*_`#>\[\]]", "", text).strip()
    first = _TITLE_BREAK.split(plain, maxsplit=1)[0].strip()
    if not first:
        first = plain
    return first if len(first) <= limit else first[: limit - 1] + "…"


def normalize_name(name: str) -> str:
    """The form department names are matched in: NFKC (full-width → half-width), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


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


def derive_category(
    section: str | None, text: str, categories: Sequence[Category], fallback: str = "other"
) -> str:
    """The taxonomy slug for a commitment without one.

    The plan's own heading decides first (a heading is the plan's own classification); then
    the text, by how many keyword occurrences each category has. Ties go to the category
    listed first in categories.yaml.
    """
    for haystack in (section or "", text):
        if not haystack:
            continue
        folded = normalize_name(haystack)
        best, best_score = None, 0
        for cat in categories:
            if cat.slug == fallback:
                continue
            score = 3 * folded.count(cat.name) + sum(folded.count(k) for k in cat.keywords)
            if score > best_score:
                best, best_score = cat.slug, score
        if best is not None:
            return best
    return fallback
