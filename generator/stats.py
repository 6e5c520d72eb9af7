"""Counts the site shows: statuses, timeliness, years (pure functions of the model)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from generator.model import (
    STATUS_ORDER,
    Commitment,
    Content,
    Department,
    assign_slugs,
    office_type,
    split_qualifier,
)


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class StatusSummary:
    """How many commitments are in each status, how many a report says are overdue, how
    many passed their deadline without any report saying so, and how many have any
    progress information at all (the coverage every summary shows)."""

    total: int
    counts: tuple[StatusCount, ...]  # in STATUS_ORDER, zeros included
    overdue: int  # a report says unfinished after the deadline (Commitment.overdue)
    completed: int
    reported: int = 0  # with an update or a status set by an editor
    unconfirmed_past_deadline: int = 0  # deadline passed, nothing reported since

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.total if self.total else None


def has_updates(commitments: Iterable[Commitment]) -> bool:
    """Whether any of these commitments has a progress update. A department gets a feed
    only then: without one its feed would only repeat the new-plan entries of its
    district's feed (at 10k commitments, one department in five)."""
    return any(c.updates for c in commitments)


def completion_date(c: Commitment) -> date | None:
    """When a completed commitment was completed: its first ``completed`` update that is
    not followed by a report of another status. None when it is not completed, or when
    only a declared ``status: completed`` says so."""
    if c.status != "completed":
        return None
    found: date | None = None
    for u in c.updates:
        found = (found or u.date) if u.status == "completed" else None
    return found


@dataclass(frozen=True, slots=True)
class Timeliness:
    """Whether led commitments were completed by their deadlines.

    Counted: commitments with a deadline that are completed, or that a report says are
    overdue. Adjusted ones and those without a deadline are left out, and so are completed
    ones without a dated ``completed`` update (``undated``), since when they were completed
    is unknown, and those whose deadline passed without any report (``unknown``), since
    whether they were done is unknown.
    """

    on_time: int  # a completed update dated on or before the deadline
    late: int  # completed, but first reported completed after the deadline
    overdue: int  # a report says it is unfinished after its deadline
    undated: int  # completed without a dated completion report
    pending: int  # open, not yet due
    unknown: int = 0  # deadline passed, nothing reported since

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


def timeliness(commitments: Iterable[Commitment]) -> Timeliness:
    on_time = late = overdue = undated = pending = unknown = 0
    for c in commitments:
        if c.deadline is None or c.status == "adjusted":
            continue
        if c.status == "completed":
            done = completion_date(c)
            if done is None:
                undated += 1
            elif done <= c.deadline:
                on_time += 1
            else:
                late += 1
        elif c.overdue:
            overdue += 1
        elif c.past_deadline:
            unknown += 1
        else:
            pending += 1
    return Timeliness(on_time, late, overdue, undated, pending, unknown)


@dataclass(frozen=True, slots=True)
class YearBar:
    """One year of a year-over-year chart."""

    label: str
    total: int
    completed: int
    overdue: int
    reported: int = 0


def year_bars(commitments: Iterable[Commitment], year_of: dict[str, int]) -> tuple[YearBar, ...]:
    """Counts per plan year, oldest first (``year_of``: plan id -> year). Commitments of
    plans missing from ``year_of`` (those whose year is not verified) are left out."""
    by_year: dict[int, list[Commitment]] = {}
    for c in commitments:
        year = year_of.get(c.plan)
        if year is not None:
            by_year.setdefault(year, []).append(c)
    return tuple(
        YearBar(
            str(y),
            len(items),
            sum(1 for c in items if c.status == "completed"),
            sum(1 for c in items if c.overdue),
            sum(1 for c in items if c.reported),
        )
        for y, items in sorted(by_year.items())
    )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Who reported a commitment's latest progress."""

    kind: str | None  # government | media | citizen | verified; None: no source given
    independent: bool  # not the government's own report


def evidence(c: Commitment) -> Evidence | None:
    latest = c.latest_update
    if latest is None:
        return None
    kind = latest.source.kind if latest.source else None
    return Evidence(kind, kind is not None and kind != "government")


def summarize(commitments: Iterable[Commitment]) -> StatusSummary:
    items = list(commitments)
    counter = Counter(c.status for c in items)
    return StatusSummary(
        total=len(items),
        counts=tuple(StatusCount(s, counter.get(s, 0)) for s in STATUS_ORDER),
        overdue=sum(1 for c in items if c.overdue),
        completed=counter.get("completed", 0),
        reported=sum(1 for c in items if c.reported),
        unconfirmed_past_deadline=sum(1 for c in items if c.unconfirmed_past_deadline),
    )


# --- the same office across districts ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfficeRow:
    """One district's office of a type: the unit and the qualified units rolled into it
    (党政办公室 with 党政办公室(政法)), and what they lead and support together."""

    district: str
    departments: tuple[Department, ...]  # the main unit first, then qualified ones
    qualifiers: tuple[str, ...]  # 政法, 宣传… of the qualified units
    leads: tuple[Commitment, ...]
    supports: tuple[Commitment, ...]  # supported and not also led
    completed: int  # of those it leads
    behind: int  # of those it leads
    unconfirmed_past_deadline: int  # led, deadline passed, no report that it was done or is late
    timeliness: Timeliness  # of those it leads

    @property
    def on_time_rate(self) -> float | None:
        return self.timeliness.rate


@dataclass(frozen=True, slots=True)
class OfficeType:
    name: str  # 人社, 民政… (see model.office_type)
    slug: str  # its address: offices/<slug>/
    rows: tuple[OfficeRow, ...]  # one per district, best on-time rate first


def office_types(content: Content) -> tuple[OfficeType, ...]:
    """Every office type named by at least one department that leads or supports anything,
    with one row per district; the types shared by the most districts first."""
    roles = content.department_roles
    grouped: dict[str, dict[str, list[Department]]] = defaultdict(lambda: defaultdict(list))
    for (district, _), dept in sorted(content.departments.items()):
        if not roles.get(dept.key) or district not in content.districts:
            continue
        kind = office_type(dept, content.districts[district].name)
        grouped[kind][district].append(dept)
    slugs = assign_slugs(grouped)
    out = []
    for kind, by_district in grouped.items():
        rows = [_office_row(content, district, depts) for district, depts in by_district.items()]
        rows.sort(
            key=lambda r: (
                -(r.on_time_rate if r.on_time_rate is not None else -1.0),
                -r.completed,
                -len(r.leads),
                r.district,
            )
        )
        out.append(OfficeType(kind, slugs[kind], tuple(rows)))
    out.sort(key=lambda o: (-len(o.rows), -sum(len(r.leads) for r in o.rows), o.name))
    return tuple(out)


def _office_row(content: Content, district: str, depts: list[Department]) -> OfficeRow:
    depts.sort(key=lambda d: (split_qualifier(d.name)[1] is not None, d.name))
    leads: dict[str, Commitment] = {}
    supports: dict[str, Commitment] = {}
    for d in depts:
        for role, c in content.department_roles.get(d.key, ()):
            (leads if role == "lead" else supports)[c.id] = c
    led = tuple(leads.values())
    return OfficeRow(
        district=district,
        departments=tuple(depts),
        qualifiers=tuple(q for d in depts if (q := split_qualifier(d.name)[1])),
        leads=led,
        supports=tuple(c for cid, c in supports.items() if cid not in leads),
        completed=sum(1 for c in led if c.status == "completed"),
        behind=sum(1 for c in led if c.status == "behind"),
        unconfirmed_past_deadline=sum(1 for c in led if c.unconfirmed_past_deadline),
        timeliness=timeliness(led),
    )
