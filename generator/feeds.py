"""Atom feeds of new plans and progress updates: site-wide, per district, per department.

Paths (relative to the site root) come from :mod:`generator.urls`: ``feeds/all.atom``,
``feeds/districts/<district>.atom`` and ``feeds/districts/<district>/<department>.atom``
(for a department named by a commitment with a progress update: :func:`has_updates`).

Output is deterministic: every timestamp comes from the content (a plan's publication date,
an update's date), never from the clock. A feed's ``updated`` is its newest entry's date, or
the site's as-of date when it has no entries.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, partial
from itertools import islice
from xml.sax.saxutils import escape

from generator.i18n import Translator
from generator.model import Commitment, Content, Plan, Update
from generator.reuse import ReuseStore
from generator.stats import has_updates
from generator.urls import (
    Links,
    commitment_url,
    department_feed_url,
    department_url,
    district_feed_url,
    district_url,
    feed_url,
    home_url,
    plan_url,
)

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


def plan_date(plan: Plan, as_of: date) -> date:
    """When a plan became known: its publication date, else 1 January of its year; for a
    plan whose year is not verified, the day its text was retrieved (else the as-of date),
    never a day of a year that may be wrong."""
    if plan.published:
        return plan.published
    if plan.verified:
        return date(plan.year, 1, 1)
    return (plan.source.retrieved if plan.source else None) or as_of


class FeedBuilder:
    def __init__(self, content: Content, links: Links, t: Translator) -> None:
        self.content = content
        self.links = links
        self.t = t

    def plan_entry(self, plan: Plan) -> Entry:
        district = self.content.districts[plan.district]
        url = self.links.abs_url(plan_url(plan.id))
        summary = self.t.colon(
            f"{district.display_name} {plan.year_label}",
            self.t(
                "summary.coverage",
                total=len(plan.commitments),
                reported=sum(1 for c in plan.commitments if c.reported),
            ),
        )
        if plan.document_number:
            summary += self.t.aside(plan.document_number)
        title = self.t("feed.new_plan", title=plan.title)
        if not plan.verified:
            title += self.t.aside(self.t("plan.unverified"))
            summary += "\n" + self.t("plan.unverified_note")
        return Entry(
            id=url,
            title=title,
            link=url,
            when=plan_date(plan, self.content.site.as_of),
            summary=summary,
            sort_key=(plan.id,),
        )

    def update_entry(self, c: Commitment, index: int, u: Update) -> Entry:
        url = self.links.abs_url(commitment_url(c.id))
        district = self.content.district_of(c)
        plan = self.content.plans_by_id[c.plan]
        lines = [f"{district.name} · {self.t('commitment.of_plan', plan=plan.title, no=c.no)}"]
        if not plan.verified:
            lines[0] += self.t.aside(self.t("plan.unverified"))
        if u.progress is not None:
            lines.append(f"{self.t('field.progress')} {u.progress:g}%")
        if u.note:
            lines.append(u.note.strip())
        if u.source:
            source = self.t(f"kind.{u.source.kind}")
            detail = u.source.title or u.source.url
            lines.append(
                self.t.colon(self.t("field.source"), source) + (f" {detail}" if detail else "")
            )
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


class FeedFiles:
    """The Atom feeds, each rendered again only when an entry it lists may have changed.

    A plan's entries are made from the Plan object, and a feed's bytes from its title and
    the entries of the plans it draws on (all for the site-wide feed, its district's for a
    district, those naming it for a department), through one
    :class:`~generator.reuse.ReuseStore`: ``minsheng serve`` hands back the very same Plan
    object for each unchanged plan, so a feed none of whose plans changed is not rendered
    again. Whatever else entries or feed heads read (base URL, language, site settings,
    districts) is the store's world: when it differs, everything is made afresh.
    """

    def __init__(self, store: ReuseStore | None = None) -> None:
        self._store = store or ReuseStore(across_builds=False)

    def build(self, content: Content, links: Links, t: Translator) -> dict[str, bytes]:
        site = content.site
        store = self._store
        store.begin(
            (
                links.base_url,
                t.language,
                (site.title, site.language, site.licence, site.as_of),
                dict(content.districts),  # a copy: a dict changed in place still counts
            )
        )
        fb = FeedBuilder(content, links, t)
        plans = {
            p.id: store.get(("plan", p.id), (p,), partial(_plan_feed, fb, p)) for p in content.plans
        }
        files: dict[str, bytes] = {}

        def feed(
            path: str,
            title: str,
            page: str,
            drawn_on: Sequence[_PlanFeed],
            limit: int,
            lists: Sequence[list[_Item]],
        ) -> None:
            make = partial(_render_feed, fb, path, title, page, lists, limit)
            files[path] = store.get(("feed", path), (title, *drawn_on), make)

        every = list(plans.values())
        title = t("feed.site", name=site.title)
        feed(feed_url(), title, home_url(), every, SITE_FEED_LIMIT, [pf.items for pf in every])
        for d in content.districts.values():
            own = [plans[p.id] for p in content.plans_by_district.get(d.slug, ())]
            title = t("feed.scoped", name=d.display_name)
            lists = [pf.items for pf in own]
            feed(
                district_feed_url(d.slug),
                title,
                district_url(d.slug),
                own,
                SCOPED_FEED_LIMIT,
                lists,
            )
        for dept in content.departments.values():
            if not has_updates(c for _, c in content.department_roles.get(dept.key, ())):
                continue
            district = content.districts[dept.district]
            naming = [
                pf
                for p in content.plans_by_district.get(dept.district, ())
                if dept.key in (pf := plans[p.id]).by_department
            ]
            name = t("department.in_district", department=dept.name, district=district.name)
            title = t("feed.scoped", name=name)
            lists = [pf.by_department[dept.key] for pf in naming]
            page = department_url(dept.district, dept.slug)
            path = department_feed_url(dept.district, dept.slug)
            feed(path, title, page, naming, SCOPED_FEED_LIMIT, lists)
        return files


def _render_feed(
    fb: FeedBuilder, path: str, title: str, page: str, lists: Sequence[list[_Item]], limit: int
) -> bytes:
    return fb.render(path, title, page, _newest(lists, limit))


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
    """Every feed of a site, made afresh."""
    return FeedFiles().build(content, links, t)
