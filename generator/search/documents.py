"""One plan's documents: what each commitment is found by, and what a result row shows."""

from __future__ import annotations

import zlib
from collections import Counter

from generator.i18n import Translator
from generator.model import STATUS_ORDER, Commitment, Content, Plan
from generator.search.encoding import encode_non_negative
from generator.search.normalise import Normalizer
from generator.search.vocabulary import title_bigrams

SEPARATOR = "\n"


def searchable_fields(content: Content, c: Commitment) -> list[str]:
    """The fields a commitment is found by, as written, title first."""
    plan = content.plan_of(c)
    district = content.districts[plan.district]
    fields = [c.title, c.text, c.section or ""]
    for slug in c.categories:  # found by each of its themes' names, not only the primary's
        category = content.categories.get(slug)
        if category is not None:
            fields.append(category.name)
    for _, unit in c.departments():
        fields.append(unit.name)
        if unit.department is not None:
            dept = content.departments.get((plan.district, unit.department))
            if dept is not None:
                fields.append(dept.name)
    fields.extend([plan.title, district.name, district.full_name])
    return fields


def document_text(content: Content, c: Commitment, norm: Normalizer) -> tuple[str, int]:
    """The normalised searchable text of a commitment (its distinct fields joined by
    :data:`SEPARATOR`) and the length of its title part."""
    seen: set[str] = set()
    parts: list[str] = []
    for raw in searchable_fields(content, c):
        value = norm[raw]
        if value and value not in seen:
            seen.add(value)
            parts.append(value)
    title = norm[c.title]
    return SEPARATOR.join(parts), len(title) if parts and parts[0] == title else 0


def deadline_label(c: Commitment, t: Translator) -> str:
    if c.deadline_text:
        return c.deadline_text + (t.aside(t.date(c.deadline)) if c.deadline else "")
    if c.deadline:
        return t.date(c.deadline)
    return t("field.no_deadline")


class BuildContext:
    """What a plan's documents read besides the plan itself, for one build."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.t = Translator(content.site.language)
        self.category_index = {slug: i for i, slug in enumerate(sorted(content.categories))}
        self.status_index = {s: i for i, s in enumerate(STATUS_ORDER)}
        self.norm = Normalizer()


def plans_read(plan: Plan) -> set[str]:
    """The plan ids a plan's documents read (their own, unless a commitment says otherwise)."""
    return {c.plan for c in plan.commitments} | {plan.id}


class PlanDocs:
    """One plan's documents: searchable texts, result rows, facet numbers, department lists.

    Compared and hashed by identity: a key holding one matches only while it is reused.
    """

    __slots__ = ("count", "cut", "depts", "facets", "plan", "rows", "texts", "title_bigrams")

    def __init__(self, plan: Plan, ctx: BuildContext) -> None:
        content = ctx.content
        statuses = len(STATUS_ORDER)
        category_index, status_index = ctx.category_index, ctx.status_index
        texts: list[tuple[str, int]] = []
        cat_status: list[int] = []
        rows: list[list[object]] = []
        depts: list[list[str]] = []
        titles: Counter[str] = Counter()
        for c in plan.commitments:
            texts.append(document_text(content, c, ctx.norm))
            cat_status.append(
                (category_index.get(c.category, 0) * statuses + status_index[c.status]) * 2
                + int(c.overdue)
            )
            lead = ctx.t("punct.enum").join(u.name for u in c.lead)
            # the text, for the snippet that shows why a commitment matched; none when it
            # only repeats the title
            body = c.text.strip() if c.says_more_than_title else ""
            rows.append([c.no, c.title, lead, deadline_label(c, ctx.t), body])
            titles.update(title_bigrams([ctx.norm[c.title]]))
            depts.append(sorted({u.department for _, u in c.departments() if u.department}))
        self.plan = plan
        self.count = len(texts)
        self.texts = texts
        self.facets = encode_non_negative(cat_status)
        self.rows = rows
        self.depts = depts
        self.title_bigrams = titles
        # where a block of plans may end: a stable property of the plan id
        self.cut = zlib.crc32(plan.id.encode()) & 3 == 0
