"""Status and overdue at their boundaries, and the on-time rule of the scorecards."""

from __future__ import annotations

from datetime import date

import pytest

from generator.model import (
    Commitment,
    SourceRef,
    Update,
    effective_status,
    is_overdue,
    is_past_deadline,
)
from generator.stats import completion_date, summarize, timeliness

AS_OF = date(2023, 6, 30)


def upd(day: str, status: str) -> Update:
    return Update(date.fromisoformat(day), status, None, "", SourceRef(None, None, "government"))


def commitment(
    deadline: date | None, updates: tuple[Update, ...] = (), declared: str | None = None
) -> Commitment:
    status = effective_status(declared, updates)
    return Commitment(
        plan="p-2023",
        no=1,
        section=None,
        category="other",
        title="t",
        text="t",
        lead=(),
        support=(),
        deadline=deadline,
        deadline_implied=False,
        deadline_text=None,
        milestones=(),
        targets=(),
        declared_status=declared,
        updates=updates,
        continues=None,
        notes=None,
        status=status,
        overdue=is_overdue(deadline, status, updates, AS_OF),
        past_deadline=is_past_deadline(deadline, status, AS_OF),
    )


@pytest.mark.parametrize(
    ("deadline", "status", "expected"),
    [
        (date(2023, 6, 30), "on_track", False),  # due today: not past it yet
        (date(2023, 6, 29), "on_track", True),  # due yesterday
        (date(2023, 7, 1), "not_reported", False),
        (date(2023, 6, 29), "not_reported", True),  # nobody reported: past, not "overdue"
        (None, "behind", False),  # no deadline: never past it
        (date(2020, 1, 1), "adjusted", False),  # changed or withdrawn by the government
        (date(2020, 1, 1), "completed", False),  # completed late is not past its deadline
        (date(2020, 1, 1), "not_started", True),
    ],
)
def test_past_deadline_boundaries(deadline: date | None, status: str, expected: bool) -> None:
    assert is_past_deadline(deadline, status, AS_OF) is expected


DEADLINE = date(2023, 3, 31)


@pytest.mark.parametrize(
    ("updates", "declared", "overdue"),
    [
        ((), None, False),  # no report at all: the deadline alone says nothing
        ((), "not_started", False),  # an editor's undated status is no report either
        ((upd("2023-04-10", "on_track"),), None, True),  # after the deadline: unfinished
        ((upd("2023-04-10", "not_started"),), None, True),
        ((upd("2023-03-31", "on_track"),), None, False),  # on the deadline, on track
        ((upd("2023-03-01", "behind"),), None, True),  # behind, and nothing since
        ((upd("2023-03-01", "behind"), upd("2023-03-20", "on_track")), None, False),
        ((upd("2023-03-01", "on_track"), upd("2023-05-01", "completed")), None, False),
        ((upd("2023-04-10", "behind"),), "adjusted", False),  # adjusted: not overdue
        ((upd("2023-04-10", "completed"),), "on_track", False),  # the report says done
    ],
)
def test_overdue_needs_a_report(
    updates: tuple[Update, ...], declared: str | None, overdue: bool
) -> None:
    c = commitment(DEADLINE, updates, declared)
    assert c.overdue is overdue
    if overdue:
        assert c.past_deadline and not c.unconfirmed_past_deadline


def test_a_deadline_not_yet_passed_is_never_overdue() -> None:
    c = commitment(date(2023, 7, 1), (upd("2023-03-01", "behind"),))
    assert (c.overdue, c.past_deadline) == (False, False)


def test_summary_counts_coverage_and_unconfirmed_separately() -> None:
    items = [
        commitment(DEADLINE),  # past, unreported
        commitment(DEADLINE, (upd("2023-04-10", "on_track"),)),  # reported overdue
        commitment(DEADLINE, (upd("2023-03-01", "completed"),)),
        commitment(date(2023, 12, 31)),
        commitment(date(2023, 12, 31), declared="on_track"),  # an editor's status is information
    ]
    s = summarize(items)
    assert (s.total, s.reported, s.overdue, s.unconfirmed_past_deadline) == (5, 3, 1, 1)


def test_status_comes_from_declared_then_latest_update_then_not_reported() -> None:
    updates = (upd("2023-01-01", "on_track"), upd("2023-05-01", "behind"))
    assert effective_status(None, ()) == "not_reported"
    assert effective_status(None, updates) == "behind"
    assert effective_status("adjusted", updates) == "adjusted"


def test_completion_date_is_the_start_of_the_final_completed_run() -> None:
    c = commitment(
        date(2023, 3, 31),
        (
            upd("2023-02-01", "completed"),
            upd("2023-03-01", "behind"),  # reopened
            upd("2023-04-10", "completed"),
            upd("2023-05-10", "completed"),  # a later confirmation
        ),
    )
    assert completion_date(c) == date(2023, 4, 10)
    assert completion_date(commitment(date(2023, 3, 31), (upd("2023-02-01", "on_track"),))) is None


def test_timeliness_counts_each_case() -> None:
    deadline = date(2023, 3, 31)
    items = [
        commitment(deadline, (upd("2023-03-31", "completed"),)),  # on the deadline: on time
        commitment(deadline, (upd("2023-04-01", "completed"),)),  # a day late
        commitment(deadline, (upd("2023-02-01", "behind"),)),  # reported behind: overdue
        commitment(deadline),  # past the deadline, nothing reported: unknown
        commitment(deadline, declared="completed"),  # completed, but when is unknown
        commitment(date(2023, 12, 31)),  # not due yet
        commitment(date(2023, 6, 30)),  # due today: not yet due
        commitment(None, (upd("2023-02-01", "completed"),)),  # no deadline: not counted
        commitment(deadline, (upd("2023-02-01", "adjusted"),)),  # adjusted: not counted
    ]
    t = timeliness(items)
    assert (t.on_time, t.late, t.overdue, t.undated, t.pending, t.unknown) == (1, 1, 1, 1, 2, 1)
    assert t.due == 3
    assert t.rate == pytest.approx(1 / 3)
    assert timeliness([]).rate is None


def test_completed_after_deadline_is_late_not_overdue() -> None:
    c = commitment(date(2022, 12, 31), (upd("2023-01-15", "completed"),))
    assert c.overdue is False
    assert timeliness([c]).late == 1
