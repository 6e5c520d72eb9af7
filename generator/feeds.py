"""Atom feeds of new plans and progress updates: site-wide, per district, per department.

Paths (relative to the site root) come from :mod:`generator.pages`: ``feeds/all.atom``,
``feeds/districts/<district>.atom`` and ``feeds/districts/<district>/<department>.atom``.

Output is deterministic: every timestamp comes from the content (a plan's publication date,
an update's date), never from the clock. A feed's ``updated`` is its newest entry's date, or
the site's as-of date when it has no entries.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from itertools import islice
from xml.sax.saxutils import escape

from generator.i18n import Translator
from generator.model import Commitment, Content, Department, Plan, Update
from generator.pages import (
    commitment_url,
    department_feed_url,
    department_url,
    district_feed_url,
    district_url,
    feed_url,
    home_url,
    plan_url,
)
from generator.render import Links

SITE_FEED_LIMIT = 200  # the site-wide feed keeps its newest entries only
SCOPED_FEED_LIMIT = 100  # and so do district and department feeds
_ATTR = {'"': "&quot;"}


# An entry as feeds sort and write it: (date, sort key, its <entry> XML). Sort keys are
# unique, so sorting these tuples in reverse orders entries newest first and never compares
# the XML.
_Item = tuple[date, tuple[str, ...], str]


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    when: date
    summary: str
    sort_key: tuple[str, ...]


@cache  # a few hundred distinct days against tens of thousands of entries
def _stamp(day: date) -> str:
    """Midnight UTC of a day, as Atom writes times."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()


def plan_date(plan: Plan) -> date:
    """When a plan became known: its publication date, else 1 January of its year."""
    return plan.published or date(plan.year, 1, 1)


class FeedBuilder:
    def __init__(self, content: Content, links: Links, t: Translator) -> None:
        self.content = content
        self.links = links
        self.t = t

    def plan_entry(self, plan: Plan) -> Entry:
        district = self.content.districts[plan.district]
        url = self.links.abs_url(plan_url(plan.id))
        summary = (
            f"{district.display_name} {plan.year}：{self.t('plan.count', n=len(plan.commitments))}"
        )
        if plan.document_number:
            summary += f"（{plan.document_number}）"
        return Entry(
            id=url,
            title=self.t("feed.new_plan", title=plan.title),
            link=url,
            when=plan_date(plan),
            summary=summary,
            sort_key=(plan.id,),
        )

    def update_entry(self, c: Commitment, index: int, u: Update) -> Entry:
        url = self.links.abs_url(commitment_url(c.id))
        district = self.content.district_of(c)
        lines = [f"{district.name} · {self.content.plans_by_id[c.plan].title} 第{c.no}项"]
        if u.progress is not None:
            lines.append(f"{self.t('field.progress')} {u.progress:g}%")
        if u.note:
            lines.append(u.note.strip())
        if u.source:
            source = self.t(f"kind.{u.source.kind}")
            detail = u.source.title or u.source.url
            lines.append(f"{self.t('field.source')}：{source}" + (f" {detail}" if detail else ""))
        return Entry(
            id=f"{url}#update-{index + 1}",
            title=self.t("feed.update", title=c.title, status=self.t(f"status.{u.status}")),
            link=url,
            when=u.date,
            summary="\n".join(lines),
            sort_key=(c.plan, f"{c.no:08d}", f"{index:04d}"),
        )

    def entry_xml(self, e: Entry) -> str:
        """One ``<entry>``."""
        stamp = _stamp(e.when)
        return (
            "  <entry>\n"
            f"    <id>{escape(e.id)}</id>\n"
            f"    <title>{escape(e.title)}</title>\n"
            f"    <updated>{stamp}</updated>\n"
            f'    <link href="{escape(e.link, _ATTR)}" rel="alternate" type="text/html"/>\n'
            f"    <summary>{escape(e.summary)}</summary>\n"
            f"    <published>{stamp}</published>\n"
            "  </entry>\n"
        )

    def item(self, e: Entry) -> _Item:
        return (e.when, e.sort_key, self.entry_xml(e))

    def render(self, path: str, title: str, page: str, items: list[_Item]) -> bytes:
        """An Atom 1.0 document (RFC 4287), written directly: with thousands of department
        feeds, building each through an XML library cost more than all the HTML pages."""
        site = self.content.site
        self_url = self.links.abs_url(path)
        newest = items[0][0] if items else site.as_of
        head = [
            "<?xml version='1.0' encoding='UTF-8'?>\n",
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(site.language, _ATTR)}">\n',
            f"  <id>{escape(self_url)}</id>\n",
            f"  <title>{escape(title)}</title>\n",
            f"  <updated>{_stamp(newest)}</updated>\n",
            f"  <author>\n    <name>{escape(site.title)}</name>\n  </author>\n",
            f'  <link href="{escape(self_url, _ATTR)}" rel="self" type="application/atom+xml"/>\n',
            f'  <link href="{escape(self.links.abs_url(page), _ATTR)}" rel="alternate" '
            'type="text/html"/>\n',
            "  <generator>minsheng</generator>\n",
        ]
        if site.licence:
            head.append(f"  <rights>{escape(site.licence)}</rights>\n")
        body = "".join(xml for _, _, xml in items)
        return ("".join(head) + body + "</feed>\n").encode("utf-8")


@dataclass(frozen=True)
class _PlanFeed:
    """One plan's entries, each list newest first."""

    plan: Plan
    items: list[_Item]  # the new-plan entry and every update of its commitments
    # for each department the plan names: the new-plan entry and the updates of the
    # commitments naming it
    by_department: dict[tuple[str, str], list[_Item]]


@dataclass(frozen=True)
class _Feed:
    title: str
    body: bytes


class FeedFiles:
    """The Atom feeds, re-rendering only those that list entries of a changed plan.

    ``minsheng serve`` hands back the very same Plan object for each unchanged plan, so a
    plan's entries are kept with the object they came from. A feed draws only on the plans
    of its district (or naming its department, or all for the site-wide feed), so unless
    one of those was added, replaced or removed since the last build, and its title is the
    same, its bytes are too. Whatever else entries or feed heads read (base URL, language,
    site settings, districts) discards everything when it differs, so the output never
    depends on the cache.
    """

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._plans: dict[str, _PlanFeed] = {}
        self._feeds: dict[str, _Feed] = {}

    def build(self, content: Content, links: Links, t: Translator) -> dict[str, bytes]:
        site = content.site
        # Shallow copy: a caller mutating its dict in place must still invalidate.
        key = (
            links.base_url,
            t.language,
            (site.title, site.language, site.licence, site.as_of),
            dict(content.districts),
        )
        fresh = key != self._key
        previous_plans = {} if fresh else self._plans
        previous_feeds = {} if fresh else self._feeds
        fb = FeedBuilder(content, links, t)

        plans: dict[str, _PlanFeed] = {}
        changed: list[_PlanFeed] = []  # made for this build, and those they replace or drop
        for p in content.plans:
            pf = previous_plans.get(p.id)
            if pf is None or pf.plan is not p:
                if pf is not None:
                    changed.append(pf)
                pf = _plan_feed(fb, p)
                changed.append(pf)
            plans[p.id] = pf
        changed.extend(pf for plan_id, pf in previous_plans.items() if plan_id not in plans)
        stale_districts = {pf.plan.district for pf in changed}
        stale_departments = {k for pf in changed for k in pf.by_department}

        feeds: dict[str, _Feed] = {}
        paths: list[str] = []

        def reuse(path: str, title: str, stale: bool) -> bool:
            paths.append(path)
            old = previous_feeds.get(path)
            if old is None or stale or old.title != title:
                return False
            feeds[path] = old
            return True

        def render(
            path: str, title: str, page: str, lists: Sequence[list[_Item]], limit: int
        ) -> None:
            feeds[path] = _Feed(title, fb.render(path, title, page, _newest(lists, limit)))

        title = t("feed.site", name=site.title)
        if not reuse(feed_url(), title, bool(changed)):
            lists = [pf.items for pf in plans.values()]
            render(feed_url(), title, home_url(), lists, SITE_FEED_LIMIT)
        for d in content.districts.values():
            path = district_feed_url(d.slug)
            title = t("feed.scoped", name=d.display_name)
            if not reuse(path, title, d.slug in stale_districts):
                district_plans = content.plans_by_district.get(d.slug, ())
                lists = [plans[p.id].items for p in district_plans]
                render(path, title, district_url(d.slug), lists, SCOPED_FEED_LIMIT)
        todo: list[tuple[Department, str, str]] = []
        for dept in content.departments.values():
            path = department_feed_url(dept.district, dept.slug)
            district = content.districts[dept.district]
            title = t("feed.scoped", name=f"{dept.name}（{district.name}）")
            if not reuse(path, title, dept.key in stale_departments):
                todo.append((dept, path, title))
        if todo:
            # one pass over the plans gathers the entries of every department to render
            wanted = {dept.key for dept, _, _ in todo}
            by_department: dict[tuple[str, str], list[list[_Item]]] = {}
            for pf in plans.values():
                for k in wanted.intersection(pf.by_department):
                    by_department.setdefault(k, []).append(pf.by_department[k])
            for dept, path, title in todo:
                page = department_url(dept.district, dept.slug)
                render(path, title, page, by_department.get(dept.key, []), SCOPED_FEED_LIMIT)

        self._key, self._plans, self._feeds = key, plans, feeds
        return {path: feeds[path].body for path in paths}


def _newest(lists: Sequence[list[_Item]], limit: int) -> list[_Item]:
    """The newest ``limit`` items of lists that are each newest first already."""
    if len(lists) == 1:
        return lists[0][:limit]
    return list(islice(heapq.merge(*lists, reverse=True), limit))


def _plan_feed(fb: FeedBuilder, plan: Plan) -> _PlanFeed:
    plan_item = fb.item(fb.plan_entry(plan))
    updates = [
        [fb.item(fb.update_entry(c, i, u)) for i, u in enumerate(c.updates)]
        for c in plan.commitments
    ]
    by_department: dict[tuple[str, str], list[_Item]] = {}
    for c, items in zip(plan.commitments, updates, strict=True):
        # the departments Content.department_roles files this commitment under
        named = dict.fromkeys(unit.department for _, unit in c.departments() if unit.department)
        for slug in named:
            by_department.setdefault((plan.district, slug), [plan_item]).extend(items)
    for items in by_department.values():
        items.sort(reverse=True)
    everything = [plan_item, *(item for items in updates for item in items)]
    everything.sort(reverse=True)
    return _PlanFeed(plan, everything, by_department)


def build_feeds(content: Content, links: Links, t: Translator) -> dict[str, bytes]:
    return FeedFiles().build(content, links, t)
