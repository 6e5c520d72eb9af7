"""Recording one progress report of one commitment (``minsheng update``).

The plan file is edited through :mod:`generator.planfile` (round trip, comments kept,
locked, atomic). The update goes into the commitment's updates in date order, so an older
report can be back-filled; it becomes the current status only if it is the latest. A
report without a public URL is recorded with ``source: {kind: unsourced}`` (the site says
无公开来源). Refused, with the argument at fault named and nothing written: an unknown plan
or commitment number, an empty note, and any value ``minsheng check`` would refuse (the
plan schema's rules, checked before writing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError
from generator.planfile import (
    LOCK_TIMEOUT,
    Inserted,
    NewUpdate,
    PlanEdit,
    edit,
    insert_update,
    update_problems,
)
from generator.schema import SLUG_RE

# The command-line argument that sets each field of an update, for error messages.
OPTION_OF_FIELD = {
    "date": "'--date'",
    "status": "'--status'",
    "progress": "'--percent'",
    "note": "'--note'",
    "source.url": "'--source'",
    "source.title": "'--source-title'",
    "source.kind": "'--kind'",
}


@dataclass
class Recorded:
    plan_file: Path
    inserted: Inserted
    warnings: list[str] = field(default_factory=list)


def plan_file_of(content_dir: Path, plan_id: str) -> Path:
    """``content/plans/<id>.yaml`` of an existing plan; refuses anything else by name."""
    plans_dir = content_dir / "plans"
    plan_file = plans_dir / f"{plan_id}.yaml"
    if not SLUG_RE.match(plan_id) or not plan_file.is_file():
        known = sorted(p.stem for p in plans_dir.glob("*.yaml")) if plans_dir.is_dir() else []
        hint = f" (plans: {', '.join(known)})" if known else f" (no plans in {plans_dir})"
        raise InputError(f"unknown plan '{plan_id}'{hint}", "'PLAN'")
    return plan_file


def check_new_update(new: NewUpdate) -> None:
    """Refuse an update that ``minsheng check`` would refuse, naming the option."""
    if not new.note.strip():
        raise InputError("the note is empty", "'--note'")
    for field_path, message in update_problems(new):
        raise InputError(message, OPTION_OF_FIELD.get(field_path, field_path))


def record_update(
    content_dir: Path, plan_id: str, no: int, new: NewUpdate, *, timeout: float = LOCK_TIMEOUT
) -> Recorded:
    """Add ``new`` to commitment ``no`` of plan ``plan_id``."""
    plan_file = plan_file_of(content_dir, plan_id)
    check_new_update(new)

    def change(plan: PlanEdit) -> Inserted:
        item = plan.commitment(no)
        if item is None:
            known = ", ".join(str(n) for n in plan.numbers())
            raise InputError(f"plan has no commitment {no} (numbers: {known})", "'NO'")
        inserted = insert_update(item, new)
        declared = item.get("status")
        if declared not in (None, new.status):
            plan.warnings.append(
                f"commitment {no} has `status: {declared}`, which overrides updates; "
                f"the site will still show '{declared}' until that line is removed"
            )
        if not inserted.latest:
            latest = item["updates"][-1]
            plan.warnings.append(
                f"the report of {new.date.isoformat()} is older than the latest update "
                f"({latest.get('date')}); it was filed in date order and the current status "
                f"stays '{latest.get('status')}'"
            )
        return inserted

    edited = edit(plan_file, change, timeout=timeout)
    return Recorded(plan_file, edited.result, edited.warnings)
