"""``minsheng import REPORT --updates-for PLAN``: a progress report's items as updates.

The report is read (:func:`progress.parse_report`), its items matched to the plan's
commitments (:func:`progress.match_items`) and the matched items with a status written as
updates through the one plan-file editor (:mod:`generator.planfile`: locked, atomic, in date
order, no aliases). Nothing ambiguous is written: the summary lists, for the editor, the
items written, the ones matching no commitment, the ambiguous ones with both candidates,
and those stating no status. The report is archived under ``sources/`` and named as each
update's source (kind ``government``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import MinshengError, display_path
from generator.planfile import NewUpdate, PlanEdit, dated, edit, insert_update, write_atomic
from generator.schema import SLUG_RE

from .progress import Match, Report, match_items, parse_report
from .readers import read_source


class ReportImportFailed(MinshengError):
    """A report that cannot be applied as asked; nothing was written."""


@dataclass
class Applied:
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _candidates(m: Match) -> str:
    return ", ".join(f"commitment {c.no} ({c.score:.0%} alike)" for c in m.candidates)


def summary_of(report: Report, matches: list[Match], applied: Applied) -> list[str]:
    """The editor's summary: written, kept, unmatched, ambiguous, without status."""
    lines = [
        f"report of {report.date.isoformat() if report.date else '?'} "
        f"({report.family or 'no items'}): {len(report.items)} items",
        f"updates added: {len(applied.added)}",
        *applied.added,
        *applied.kept,
    ]
    for m in matches:
        where = f"  line {m.item.line}: {m.item.label}"
        if m.how == "unmatched":
            best = f" (closest: {_candidates(m)})" if m.candidates else ""
            lines.append(f"{where} matches no commitment{best}; not added")
        elif m.how == "ambiguous":
            lines.append(f"{where} is ambiguous: {m.reason}: {_candidates(m)}; not added")
        elif m.item.status is None:
            lines.append(
                f"{where} (→ commitment {m.no}) states no status word; not added"
                + (f" (progress {m.item.progress}%)" if m.item.progress is not None else "")
            )
    return lines


def _apply(
    report: Report, matches: list[Match], archived: str, force: bool, applied: Applied
) -> Callable[[PlanEdit], None]:
    assert report.date is not None
    when = report.date

    def change(plan: PlanEdit) -> None:
        for m in matches:
            if m.no is None or m.item.status is None:
                continue
            item = plan.commitment(m.no)
            if item is None:  # pragma: no cover - the plan changed since it was matched
                continue
            updates = item.get("updates")
            if isinstance(updates, list) and dated(item["updates"], when) and not force:
                applied.kept.append(
                    f"  commitment {m.no}: has an update of {when}; kept (use --force)"
                )
                continue
            new = NewUpdate(
                date=when,
                status=m.item.status,
                note=m.item.note,
                progress=m.item.progress,
                source_title=report.title,
                kind="government",
            )
            insert_update(item, new, replace_same_date=force)
            how = m.how if m.how != "text" else f"text, {m.score:.0%} alike"
            applied.added.append(
                f"  commitment {m.no} ← {m.item.label} ({how}): {m.item.status}"
                + (f", {m.item.progress}%" if m.item.progress is not None else "")
            )
        plan.warnings.append(f"report archived as {archived}")

    return change


def import_updates(
    source: Path, *, plan_id: str, output: Path | None, force: bool, content: Path
) -> tuple[str, list[str], Path | None]:
    """Add a progress report to an existing plan; returns the YAML, summary and target."""
    if not SLUG_RE.match(plan_id):
        raise ReportImportFailed(
            f"--updates-for {plan_id!r}: not a plan id (lowercase ASCII slug like lvyuan-2022)"
        )
    plan_file = content / "plans" / f"{plan_id}.yaml"
    if not plan_file.is_file():
        raise ReportImportFailed(f"{plan_file}: no such plan (import the plan first)")
    read = read_source(source)

    from generator.load import load_yaml

    doc, _ = load_yaml(plan_file)
    data = doc.data if isinstance(doc.data, dict) else {}
    commitments = [c for c in data.get("commitments") or [] if isinstance(c, dict)]
    if not commitments:
        raise ReportImportFailed(f"{plan_file}: not a plan file (no commitments list)")
    year = data.get("year") if isinstance(data.get("year"), int) else None
    report = parse_report(read.text, year)
    if report.date is None:
        raise ReportImportFailed(
            f"{source}: cannot find the date of the report; add a line such as "
            "`截至2022年6月30日` near the top"
        )
    if not report.items:
        raise ReportImportFailed(f"{source}: no report items found (see docs/import.md)")
    matches = match_items(report.items, commitments)
    archived = f"sources/{plan_id}-progress-{report.date.isoformat()}.txt"
    applied = Applied()
    in_place = output is not None and output.resolve() == plan_file.resolve()
    if output is not None and not in_place and output.exists() and not force:
        raise ReportImportFailed(f"{output} exists; use --force to overwrite it")
    archive = _report_bytes(source, content / archived, force)  # refuse before any write
    edited = edit(plan_file, _apply(report, matches, archived, force, applied), write=in_place)
    if archive is not None:
        write_atomic(content / archived, archive)
    summary = summary_of(report, matches, applied)
    summary.append(f"archived the report as {content / archived}")
    summary += [f"warning: {w}" for w in edited.warnings if not w.startswith("report archived")]
    if output is not None and not in_place:
        write_atomic(output, edited.text.encode("utf-8"))
    if output is not None:
        summary.append(f"wrote {output}")
    return edited.text, summary, output


def _report_bytes(source: Path, path: Path, force: bool) -> bytes | None:
    """What to archive at ``path`` (the report's bytes unaltered for a UTF-8 text file;
    ``None`` when the same text is there already); refuses to replace another text."""
    read = read_source(source)
    if read.kind == "text" and read.encoding in ("utf-8", "utf-8-sig"):
        data = source.read_bytes()
    else:
        data = read.text.encode("utf-8")
    if path.exists():
        if path.read_bytes() == data:
            return None
        if not force:
            raise ReportImportFailed(
                f"{display_path(path)} exists with a different text; use --force to replace it"
            )
    return data
