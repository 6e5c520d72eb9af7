"""Atom feeds of new plans and progress updates: site-wide, per district, per department.

Paths (relative to the site root) come from :mod:`generator.pages`: ``feeds/all.atom``,
``feeds/districts/<district>.atom`` and ``feeds/districts/<district>/<department>.atom``.

Output is deterministic: every timestamp comes from the content (a plan's publication date,
an update's date), never from the clock. A feed's ``updated`` is its newest entry's date, or
the site's as-of date when it has no entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape

from generator.i18n import Translator
from generator.model import Commitment, Content, Plan, Update
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


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    when: date
    summary: str
    sort_key: tuple[str, ...]


def _timestamp(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def plan_date(plan: Plan) -> date:
    """When a plan became known: its publication date, else 1 January of its year."""
    return plan.published or date(plan.year, 1, 1)


class FeedBuilder:
    def __init__(self, content: Content, links: Links, t: Translator) -> None:
        self.content = content
        self.links = links
        self.t = t
        self._plan_entries: dict[str, Entry] = {}
        self._update_entries: dict[str, list[Entry]] = {}
        self._entry_xml: dict[str, str] = {}

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

    def entries(self, plans: Iterable[Plan], commitments: Iterable[Commitment]) -> list[Entry]:
        """Entries for these plans and these commitments' updates, newest first (each entry
        is made once and shared by every feed it appears in)."""
        out: list[Entry] = []
        for p in plans:
            entry = self._plan_entries.get(p.id)
            if entry is None:
                entry = self._plan_entries[p.id] = self.plan_entry(p)
            out.append(entry)
        for c in commitments:
            made = self._update_entries.get(c.id)
            if made is None:
                made = self._update_entries[c.id] = [
                    self.update_entry(c, i, u) for i, u in enumerate(c.updates)
                ]
            out.extend(made)
        out.sort(key=lambda e: (e.when, e.sort_key), reverse=True)  # newest first
        return out

    def entry_xml(self, e: Entry) -> str:
        """One ``<entry>``, made once however many feeds carry it."""
        cached = self._entry_xml.get(e.id)
        if cached is None:
            stamp = _timestamp(e.when).isoformat()
            cached = self._entry_xml[e.id] = (
                "  <entry>\n"
                f"    <id>{escape(e.id)}</id>\n"
                f"    <title>{escape(e.title)}</title>\n"
                f"    <updated>{stamp}</updated>\n"
                f'    <link href="{escape(e.link, _ATTR)}" rel="alternate" type="text/html"/>\n'
                f"    <summary>{escape(e.summary)}</summary>\n"
                f"    <published>{stamp}</published>\n"
                "  </entry>\n"
            )
        return cached

    def render(
        self, path: str, title: str, page: str, entries: list[Entry], limit: int | None = None
    ) -> bytes:
        """An Atom 1.0 document (RFC 4287), written directly: with thousands of department
        feeds, building each through an XML library cost more than all the HTML pages."""
        if limit is not None:
            entries = entries[:limit]
        site = self.content.site
        self_url = self.links.abs_url(path)
        newest = entries[0].when if entries else site.as_of
        head = [
            "<?xml version='1.0' encoding='UTF-8'?>\n",
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(site.language, _ATTR)}">\n',
            f"  <id>{escape(self_url)}</id>\n",
            f"  <title>{escape(title)}</title>\n",
            f"  <updated>{_timestamp(newest).isoformat()}</updated>\n",
            f"  <author>\n    <name>{escape(site.title)}</name>\n  </author>\n",
            f'  <link href="{escape(self_url, _ATTR)}" rel="self" type="application/atom+xml"/>\n',
            f'  <link href="{escape(self.links.abs_url(page), _ATTR)}" rel="alternate" '
            'type="text/html"/>\n',
            "  <generator>minsheng</generator>\n",
        ]
        if site.licence:
            head.append(f"  <rights>{escape(site.licence)}</rights>\n")
        body = "".join(self.entry_xml(e) for e in entries)
        return ("".join(head) + body + "</feed>\n").encode("utf-8")


def build_feeds(content: Content, links: Links, t: Translator) -> dict[str, bytes]:
    fb = FeedBuilder(content, links, t)
    files: dict[str, bytes] = {
        feed_url(): fb.render(
            feed_url(),
            t("feed.site", name=content.site.title),
            home_url(),
            fb.entries(content.plans, content.commitments),
            SITE_FEED_LIMIT,
        )
    }
    for d in content.districts.values():
        plans = content.plans_by_district.get(d.slug, ())
        files[district_feed_url(d.slug)] = fb.render(
            district_feed_url(d.slug),
            t("feed.scoped", name=d.display_name),
            district_url(d.slug),
            fb.entries(plans, (c for p in plans for c in p.commitments)),
            SCOPED_FEED_LIMIT,
        )
    for dept in content.departments.values():
        roles = content.department_roles.get(dept.key, ())
        commitments = list({c.id: c for _, c in roles}.values())
        plan_ids = dict.fromkeys(c.plan for c in commitments)
        district = content.districts[dept.district]
        path = department_feed_url(dept.district, dept.slug)
        files[path] = fb.render(
            path,
            t("feed.scoped", name=f"{dept.name}（{district.name}）"),
            department_url(dept.district, dept.slug),
            fb.entries((content.plans_by_id[p] for p in plan_ids), commitments),
            SCOPED_FEED_LIMIT,
        )
    return files
