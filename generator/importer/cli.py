"""``minsheng import``: a plan draft from a plan text, or progress updates for a plan."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import click
import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.commands import Command
from generator.errors import MinshengError
from generator.options import content_option

from .departments import Registry
from .emit import UPDATE_KEYS, dump, load, plan_yaml
from .plan import ImportedPlan, build_plan, summary_lines
from .progress import match_items, parse_report
from .readers import SourceText, read_source
from .text import name_key

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

HEADER = (
    "Draft imported by `minsheng import` from {archived}.\n"
    "Check it against the source (docs/import.md). Record every hand edit here as a line\n"
    "`hand-edited: <field path>` (e.g. `hand-edited: commitments[3].lead`)."
)


class ImportFailed(MinshengError):
    """An import that cannot be done as asked."""


def _load_yaml(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{path}: cannot read it ({exc}); run `minsheng check`") from exc


def _guess_district(plan: ImportedPlan, districts: Any) -> str | None:
    if not isinstance(districts, list):
        return None
    where = name_key(f"{plan.title}{plan.issuer or ''}{plan.source.get('title', '')}")
    found = []
    for d in districts:
        if not isinstance(d, dict) or "slug" not in d:
            continue
        names = [str(d[k]) for k in ("full_name", "name") if d.get(k)]
        if any(name_key(n) in where for n in names):
            found.append(str(d["slug"]))
    return found[0] if len(found) == 1 else None


def _archive(text: str, path: Path, force: bool) -> None:
    """Keep the original text under ``sources/`` (UTF-8)."""
    if path.exists():
        if path.read_text(encoding="utf-8", errors="replace") == text:
            return
        if not force:
            raise ImportFailed(
                f"{path} exists with a different text; use --force to replace the archived source"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def _archived_text(source: Path, read: SourceText) -> str:
    if read.kind == "text" and read.encoding in ("utf-8", "utf-8-sig"):
        return source.read_bytes().decode(read.encoding)  # byte for byte, newlines kept
    return read.text


def _write(output: Path, text: str, force: bool, allowed: Path | None = None) -> None:
    same = allowed is not None and output.resolve() == allowed.resolve()
    if output.exists() and not force and not same:
        raise ImportFailed(f"{output} exists; use --force to overwrite it")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")


def import_plan(
    source: Path,
    *,
    district: str | None,
    year: int | None,
    plan_id: str | None,
    output: Path | None,
    force: bool,
    content: Path,
) -> tuple[str, list[str]]:
    """Import a plan text; returns the YAML and the summary lines."""
    read = read_source(source)
    departments = _load_yaml(content / "departments.yaml")
    districts = _load_yaml(content / "districts.yaml")
    plan, outline = build_plan(read.text, plan_id=plan_id, district=district, year=year)
    if not plan.commitments:
        raise ImportFailed(f"{source}: no numbered commitments found (see docs/import.md)")
    if not district:
        guessed = _guess_district(plan, districts)
        if guessed:
            plan.district = guessed
    if not plan.id and plan.district and plan.year:
        plan.id = f"{plan.district}-{plan.year}"
    if not plan.id:
        raise ImportFailed("cannot name the plan: give --id (or --district and --year)")
    if not SLUG_RE.match(plan.id) or len(plan.id) > 64:
        raise ImportFailed(f"plan id {plan.id!r} is not a lowercase ASCII slug like lvyuan-2022")
    if plan.district and not SLUG_RE.match(plan.district):
        raise ImportFailed(f"district {plan.district!r} is not a lowercase ASCII slug")
    plan_file = content / "plans" / f"{plan.id}.yaml"
    if output is not None and output.exists() and not force:
        raise ImportFailed(f"{output} exists; use --force to overwrite it")
    archived = f"sources/{plan.id}.txt"
    plan.source["archived"] = archived
    text = plan_yaml(plan, HEADER.format(archived=archived))
    _archive(_archived_text(source, read), content / archived, force or not plan_file.exists())
    registry = Registry.from_mapping(departments, plan.district)
    summary = [f"{source}: read as {read.kind}" + (f" ({read.encoding})" if read.encoding else "")]
    summary += summary_lines(plan, outline, registry)
    if output is not None:
        _write(output, text, force)
        summary.append(f"wrote {output}; archived the source as {content / archived}")
    elif plan_file.exists():
        summary.append(f"note: {plan_file} exists; it was not changed")
    return text, summary


def _update_map(
    date: dt.date, status: str, progress: float | int | None, note: str, title: str | None
) -> CommentedMap:
    m = CommentedMap()
    values: dict[str, Any] = {"date": date, "status": status, "progress": progress, "note": note}
    src = CommentedMap()
    if title:
        src["title"] = title
    src["kind"] = "government"
    src.fa.set_flow_style()
    values["source"] = src
    for k in UPDATE_KEYS:
        if values.get(k) is not None:
            m[k] = values[k]
    return m


def import_updates(
    source: Path,
    *,
    plan_id: str,
    output: Path | None,
    force: bool,
    content: Path,
) -> tuple[str, list[str], Path | None]:
    """Add a progress report to an existing plan; returns the YAML, summary and target."""
    plan_file = content / "plans" / f"{plan_id}.yaml"
    if not plan_file.is_file():
        raise ImportFailed(f"{plan_file}: no such plan (import the plan first)")
    read = read_source(source)
    data = load(plan_file.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("commitments"), list):
        raise ImportFailed(f"{plan_file}: not a plan file (no commitments list)")
    year = int(data["year"]) if isinstance(data.get("year"), int) else None
    report = parse_report(read.text, year)
    if report.date is None:
        raise ImportFailed(
            f"{source}: cannot find the date of the report; add a line such as "
            "`截至2022年6月30日` near the top"
        )
    if not report.items:
        raise ImportFailed(f"{source}: no numbered items found in the report")
    commitments: list[Any] = data["commitments"]
    matches = match_items(report.items, [c for c in commitments if isinstance(c, dict)])
    by_no = {int(c["no"]): c for c in commitments if isinstance(c, dict) and "no" in c}
    archived = f"sources/{plan_id}-progress-{report.date.isoformat()}.txt"
    summary = [f"report of {report.date.isoformat()}: {len(report.items)} items"]
    added = 0
    for match in matches:
        item = match.item
        if match.no is None:
            summary.append(f"  line {item.line}: item {item.number} matches no commitment")
            continue
        if item.status is None:
            summary.append(
                f"  line {item.line}: item {item.number} (→ commitment {match.no}) states no "
                "status word; not added"
            )
            continue
        c = by_no[match.no]
        updates = c.get("updates")
        if not isinstance(updates, list):
            updates = CommentedSeq()
            c["updates"] = updates
        existing = [i for i, u in enumerate(updates) if str(u.get("date")) == str(report.date)]
        if existing and not force:
            summary.append(
                f"  commitment {match.no}: has an update of {report.date}; kept (use --force)"
            )
            continue
        for i in reversed(existing):
            del updates[i]
        update = _update_map(report.date, item.status, item.progress, item.note, report.title)
        pos = len(updates)
        while pos > 0 and str(updates[pos - 1].get("date")) > report.date.isoformat():
            pos -= 1
        updates.insert(pos, update)
        added += 1
        how = "number" if match.how == "number" else f"text, {match.score:.0%} alike"
        summary.append(f"  commitment {match.no} ← item {item.number} ({how}): {item.status}")
    summary.insert(1, f"updates added: {added}")
    _archive(_archived_text(source, read), content / archived, force)
    summary.append(f"archived the report as {content / archived}")
    text = dump(data)
    target = output
    if target is not None:
        _write(target, text, force, allowed=plan_file)
        summary.append(f"wrote {target}")
    return text, summary, target


@click.command("import", cls=Command)
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--district", help="District slug from districts.yaml.")
@click.option("--year", type=int, help="Plan year (default: the year in the title).")
@click.option("--id", "plan_id", help="Plan id (default: DISTRICT-YEAR).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the YAML here instead of printing it.",
)
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option(
    "--updates-for",
    "updates_for",
    metavar="PLAN_ID",
    help="Read SOURCE as a progress report and add its items as updates of this plan.",
)
@content_option
def import_cmd(
    source: Path,
    district: str | None,
    year: int | None,
    plan_id: str | None,
    output: Path | None,
    force: bool,
    updates_for: str | None,
    content_dir: Path,
) -> None:
    """Import a plan from SOURCE (.txt/.md in UTF-8 or GBK, .docx, or a text PDF).

    Prints the plan YAML (or writes it with -o), archives the original text under
    CONTENT/sources/, and ends with a summary on stderr of what was found and of every
    line that could not be placed.
    """
    if updates_for:
        text, summary, target = import_updates(
            source, plan_id=updates_for, output=output, force=force, content=content_dir
        )
        if target is None:
            click.echo(text, nl=False)
    else:
        text, summary = import_plan(
            source,
            district=district,
            year=year,
            plan_id=plan_id,
            output=output,
            force=force,
            content=content_dir,
        )
        if output is None:
            click.echo(text, nl=False)
    for line in summary:
        click.echo(line, err=True)
