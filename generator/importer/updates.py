"""``minsheng import REPORT --updates-for PLAN``: a progress report's items as updates.

The report is read (:func:`progress.parse_report`), its items matched to the plan's
commitments (:func:`progress.match_items`) and the matched items with a status written as
updates through the one plan-file editor (:mod:`generator.planfile`: locked, atomic, in date
order, no aliases). Nothing ambiguous is written: the summary lists, for the editor, the
items written, the ones matching no commitment, the ambiguous ones with both candidates,
and those stating no status. The report is archived under ``sources/`` and named as each
update's source (kind ``government``), with its public address when it is known: given with
``--report-url``, or read from a ``SOURCE: <url>`` line (and ``TITLE: …``) at the top of the
file, a header that is not part of the report and is left out of the archived copy.

``minsheng import REPORT --from-report`` reads a report that lists the commitments
themselves (a 进度表 with 序号, the project, its lead unit and its progress) as a plan: the
plan importer makes the draft from the report, then the report's progress is written into
it as the commitments' first updates, in one step.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from generator.errors import MinshengError, display_path
from generator.planfile import (
    NewUpdate,
    PlanEdit,
    dated,
    edit,
    insert_update,
    update_problems,
    write_atomic,
)
from generator.schema import SLUG_RE

from .draft import import_plan
from .progress import REPORT_WORDS, Match, Report, match_items, parse_report
from .readers import read_source

# ``SOURCE: <url>`` and ``TITLE: <title>`` lines before the report, then a blank line: where
# a saved copy says it came from.
HEADER_RE = re.compile(
    r"\A\ufeff?SOURCE:[ \t]*(?P<url>\S+)[ \t]*\r?\n"
    r"(?:TITLE:[ \t]*(?P<title>[^\r\n]*?)[ \t]*\r?\n)?(?:[ \t]*\r?\n)?"
)


TITLE_MAX = 60  # characters; a longer first line with a report word is a paragraph


class ReportImportFailed(MinshengError):
    """A report that cannot be applied as asked; nothing was written."""


@dataclass(frozen=True)
class ReportFile:
    """A report file as read: its text without a ``SOURCE:`` header, what is archived (the
    file's bytes unaltered, less that header; a .docx or PDF as its text) and its public
    address, if known."""

    text: str
    archive: bytes
    url: str | None
    header_title: str | None
    notes: tuple[str, ...] = ()
    header_lines: int = 0  # lines before the report's first line in the file
    header_description: str | None = None  # a ``TITLE: [description of the page]``


def read_report(source: Path, report_url: str | None) -> ReportFile:
    """Read ``source`` and its ``SOURCE:`` header; ``report_url`` wins over the header."""
    read = read_source(source)
    if read.kind == "text" and read.encoding in ("utf-8", "utf-8-sig"):
        raw = source.read_bytes()
        decoded = raw.decode(read.encoding)
    else:
        decoded = read.text
        raw = decoded.encode("utf-8")
    m = HEADER_RE.match(decoded)
    cut = len(decoded[: m.end()].encode("utf-8")) if m else 0
    if m and read.encoding == "utf-8-sig":
        cut += 3  # the byte-order mark the decoder dropped
    header_url = m.group("url") if m else None
    header_title = (m.group("title") or None) if m else None
    description = None
    if header_title and header_title.startswith("["):
        description = header_title.strip("[]").strip() or None
        header_title = None  # a description of the page, not its title
    notes: list[str] = []
    if report_url and header_url and report_url != header_url:
        notes.append(
            f"the report's SOURCE line says {header_url}; recorded --report-url {report_url}"
        )
    url = report_url or header_url
    if url is not None:
        probe = NewUpdate(date=dt.date(2000, 1, 1), status="on_track", note="-", source_url=url)
        for field_path, message in update_problems(probe):
            if field_path.startswith("source"):
                where = "--report-url" if report_url else f"{source}: the SOURCE line"
                raise ReportImportFailed(f"{where}: {url!r}: {message}")
    text = decoded[m.end() :] if m else decoded
    header_lines = m.group(0).count("\n") if m else 0
    return ReportFile(text, raw[cut:], url, header_title, tuple(notes), header_lines, description)


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
            why = f" ({m.item.no_status})" if m.item.no_status else ""
            lines.append(
                f"{where} (→ commitment {m.no}) states no status word{why}; not added"
                + (f" (progress {m.item.progress}%)" if m.item.progress is not None else "")
            )
    return lines


def _apply(
    report: Report,
    matches: list[Match],
    archived: str,
    force: bool,
    applied: Applied,
    url: str | None = None,
    kind: str = "government",
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
                source_url=url,
                source_title=report.title,
                kind=kind,
                archived=archived or None,
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
    source: Path,
    *,
    plan_id: str,
    output: Path | None,
    force: bool,
    content: Path,
    report_url: str | None = None,
    report_kind: str = "government",
) -> tuple[str, list[str], Path | None]:
    """Add a progress report to an existing plan; returns the YAML, summary and target."""
    if not SLUG_RE.match(plan_id):
        raise ReportImportFailed(
            f"--updates-for {plan_id!r}: not a plan id (lowercase ASCII slug like lvyuan-2022)"
        )
    plan_file = content / "plans" / f"{plan_id}.yaml"
    if not plan_file.is_file():
        raise ReportImportFailed(f"{plan_file}: no such plan (import the plan first)")
    report_file = read_report(source, report_url)

    from generator.load import load_yaml

    doc, _ = load_yaml(plan_file)
    data = doc.data if isinstance(doc.data, dict) else {}
    commitments = [c for c in data.get("commitments") or [] if isinstance(c, dict)]
    if not commitments:
        raise ReportImportFailed(f"{plan_file}: not a plan file (no commitments list)")
    year = data.get("year") if isinstance(data.get("year"), int) else None
    report = _parsed(source, report_file, year)
    assert report.date is not None
    matches = match_items(report.items, commitments)
    archived = f"sources/{plan_id}-progress-{report.date.isoformat()}.txt"
    applied = Applied()
    in_place = output is not None and output.resolve() == plan_file.resolve()
    if output is not None and not in_place and output.exists() and not force:
        raise ReportImportFailed(f"{output} exists; use --force to overwrite it")
    archive = _report_bytes(report_file.archive, content / archived, force)  # before any write
    change = _apply(report, matches, archived, force, applied, report_file.url, report_kind)
    edited = edit(plan_file, change, write=in_place)
    if archive is not None:
        write_atomic(content / archived, archive)
    summary = summary_of(report, matches, applied)
    summary.append(f"archived the report as {content / archived}")
    summary += _source_lines(report_file, report_kind)
    summary += [f"warning: {w}" for w in edited.warnings if not w.startswith("report archived")]
    if output is not None and not in_place:
        write_atomic(output, edited.text.encode("utf-8"))
    if output is not None:
        summary.append(f"wrote {output}")
    return edited.text, summary, output


def _parsed(source: Path, report_file: ReportFile, year: int | None) -> Report:
    report = parse_report(report_file.text, year)
    for item in report.items:  # lines of the file, as the editor sees it
        item.line += report_file.header_lines
    if report_file.header_title:  # the editor's own line wins over a line of the text
        report.title = report_file.header_title
    if report.date is None:
        raise ReportImportFailed(
            f"{source}: cannot find the date of the report; add a line such as "
            "`截至2022年6月30日` near the top"
        )
    if not report.items:
        raise ReportImportFailed(f"{source}: no report items found (see docs/import.md)")
    return report


def _source_lines(report_file: ReportFile, kind: str) -> list[str]:
    lines = [f"warning: {n}" for n in report_file.notes]
    if report_file.url:
        lines.append(f"source of the updates: {report_file.url} (kind {kind})")
    else:
        lines.append(
            "warning: the updates name no public address of the report; give it with "
            "--report-url URL (or a `SOURCE: URL` first line) if it was published"
        )
    return lines


def import_report_plan(
    source: Path,
    *,
    district: str | None,
    year: int | None,
    plan_id: str | None,
    output: Path | None,
    force: bool,
    content: Path,
    report_url: str | None = None,
    add_departments: bool = False,
    dry_run: bool = False,
    report_kind: str = "government",
) -> tuple[str, list[str]]:
    """A plan from a progress report that lists the commitments themselves, with the
    report's progress as their first updates; returns the YAML and the summary.

    The plan importer reads the report (without its ``SOURCE:`` header) as a plan and
    archives it as the plan's source; the report reader then finds each row's progress,
    matched to the draft's commitments by number and text as for ``--updates-for``.
    ``dry_run`` writes nothing.
    """
    if dry_run:
        output = None
    if output is not None and output.exists() and not force:
        raise ReportImportFailed(f"{output} exists; use --force to overwrite it")
    report_file = read_report(source, report_url)
    with tempfile.TemporaryDirectory(prefix="minsheng-report-") as tmp:
        body = Path(tmp) / f"{source.stem}.txt"
        body.write_bytes(report_file.archive)

        def draft_plan(write: bool) -> tuple[str, list[str]]:
            return import_plan(
                body,
                district=district,
                year=year,
                plan_id=plan_id,
                output=None,
                force=force,
                content=content,
                dry_run=not write,
                add_departments=add_departments,
            )

        # First everything in memory: a report that cannot become a plan (no title, a
        # refused edit) leaves no archived text or department proposals behind.
        draft, plan_summary = draft_plan(write=False)

        from generator.importer.emit import load

        data = load(draft)
        commitments = [c for c in data.get("commitments") or [] if isinstance(c, dict)]
        plan_year = data.get("year") if isinstance(data.get("year"), int) else None
        report = _parsed(source, report_file, plan_year)
        matches = match_items(report.items, commitments)
        archived = str((data.get("source") or {}).get("archived") or "")
        applied = Applied()
        change = _apply(report, matches, archived, force, applied, report_file.url, report_kind)

        def with_source(plan: PlanEdit) -> None:
            plan_source = plan.data.get("source")
            if isinstance(plan_source, CommentedMap):
                _set_source(plan_source, report_file.url, report.title)
            if not plan.data.get("title"):
                _set_title(plan, report_file, report.title)
            change(plan)

        draft_file = Path(tmp) / f"{data.get('id') or 'plan'}.yaml"
        draft_file.write_text(draft, "utf-8")
        edited = edit(draft_file, with_source, write=False)
        if not dry_run:  # the archived report and department proposals, then the plan
            _, plan_summary = draft_plan(write=True)
        if output is not None:
            write_atomic(output, edited.text.encode("utf-8"))
        plan_summary = [line.replace(str(body), str(source)) for line in plan_summary]
        plan_summary = [ln for ln in plan_summary if not ln.startswith("note: ")]
    summary = [*plan_summary, "", "progress from the same report:"]
    summary += summary_of(report, matches, applied)
    summary += _source_lines(report_file, report_kind)
    summary += [f"warning: {w}" for w in edited.warnings if not w.startswith("report archived")]
    if output is not None:
        summary.append(f"wrote {output}")
    return edited.text, summary


def _set_title(plan: PlanEdit, report_file: ReportFile, report_title: str | None) -> None:
    """A plan needs a title, and a progress report rarely has a line the plan reader takes
    for one: the ``TITLE:`` header, else the report's own title line, else the header's
    bracketed description of the page, which the editor is told to replace. A "title line"
    that is a whole sentence is the report's first paragraph, never a title."""
    if report_title and (
        len(report_title) > TITLE_MAX
        or report_title.endswith("。")
        or not any(w in report_title for w in REPORT_WORDS)
    ):
        report_title = None  # a sentence or a date line of the report, not its title
    title = report_file.header_title or report_title
    if title is None and report_file.header_description:
        title = report_file.header_description
        plan.warnings.append(
            f"title: taken from the TITLE line's description of the page ({title}); "
            "replace it with the plan's own name"
        )
    if title is None:
        raise ReportImportFailed(
            "the report has no title line; put `SOURCE: URL` and `TITLE: …` lines above it "
            "(docs/import.md) and import it again"
        )
    plan.data["title"] = title


def _set_source(plan_source: CommentedMap, url: str | None, title: str | None) -> None:
    """The plan's source: the report, with its address (kept in the importer's key order)."""
    if title and not plan_source.get("title"):
        plan_source.insert(0, "title", title)
    if url and not plan_source.get("url"):
        at = list(plan_source).index("title") + 1 if "title" in plan_source else 0
        plan_source.insert(at, "url", url)


def _report_bytes(data: bytes, path: Path, force: bool) -> bytes | None:
    """What to archive at ``path`` (``data``; ``None`` when the same text is there
    already); refuses to replace another text."""
    if path.exists():
        if path.read_bytes() == data:
            return None
        if not force:
            raise ReportImportFailed(
                f"{display_path(path)} exists with a different text; use --force to replace it"
            )
    return data
