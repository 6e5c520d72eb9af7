"""``minsheng import``: a plan draft from a plan text, or progress updates for a plan."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands import Command, echo, verbosity
from generator.importer.draft import import_plan
from generator.importer.updates import import_report_plan, import_updates
from generator.model import SOURCE_KINDS
from generator.options import content_option

# A report read from a file has a publisher; "unsourced" is for `minsheng update` without one.
REPORT_KINDS = tuple(k for k in SOURCE_KINDS if k != "unsourced")


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
    "--dry-run",
    "dry_run",
    is_flag=True,
    help="Print the draft and the summary; write nothing (no archived source, no files).",
)
@click.option(
    "--add-departments",
    "add_departments",
    is_flag=True,
    help="Append units that departments.yaml does not know as proposals under the district.",
)
@click.option(
    "--updates-for",
    "updates_for",
    metavar="PLAN_ID",
    help="Read SOURCE as a progress report and add its items as updates of this plan.",
)
@click.option(
    "--from-report",
    "from_report",
    is_flag=True,
    help="Read SOURCE as a progress table that lists the commitments themselves: make the "
    "plan from it, with its progress as their first updates.",
)
@click.option(
    "--report-url",
    "report_url",
    metavar="URL",
    help="Public address of the report, recorded as the updates' source (default: the "
    "file's `SOURCE: URL` first line, if any).",
)
@click.option(
    "--report-kind",
    "report_kind",
    type=click.Choice(REPORT_KINDS),
    default="government",
    show_default=True,
    help="Who published the report, recorded as the updates' source kind (media for a "
    "news report of government figures).",
)
@content_option
def import_cmd(
    source: Path,
    district: str | None,
    year: int | None,
    plan_id: str | None,
    output: Path | None,
    force: bool,
    dry_run: bool,
    add_departments: bool,
    updates_for: str | None,
    from_report: bool,
    report_url: str | None,
    report_kind: str,
    content_dir: Path,
) -> None:
    """Import a plan from SOURCE (.txt/.md in UTF-8 or GBK, .docx, or a text PDF).

    Prints the plan YAML (or writes it with -o), archives the original text under
    CONTENT/sources/, and ends with a summary on stderr of what was found and of every
    line that is not in an item.
    """
    if updates_for and from_report:
        raise click.UsageError("give either --updates-for PLAN_ID or --from-report, not both")
    if report_url and not (updates_for or from_report):
        raise click.UsageError("--report-url goes with --updates-for or --from-report")
    if report_kind != "government" and not (updates_for or from_report):
        raise click.UsageError("--report-kind goes with --updates-for or --from-report")
    if updates_for:
        text, summary, target = import_updates(
            source,
            plan_id=updates_for,
            output=output,
            force=force,
            content=content_dir,
            report_url=report_url,
            report_kind=report_kind,
        )
        if target is None:
            click.echo(text, nl=False)
    elif from_report:
        text, summary = import_report_plan(
            source,
            district=district,
            year=year,
            plan_id=plan_id,
            output=output,
            force=force,
            content=content_dir,
            report_url=report_url,
            add_departments=add_departments,
            dry_run=dry_run,
            report_kind=report_kind,
        )
        if output is None or dry_run:
            click.echo(text, nl=False)
    else:
        text, summary = import_plan(
            source,
            district=district,
            year=year,
            plan_id=plan_id,
            output=output if not dry_run else None,
            force=force,
            content=content_dir,
            dry_run=dry_run,
            add_departments=add_departments,
        )
        if output is None or dry_run:
            click.echo(text, nl=False)
    if verbosity() >= 0:  # -q: the YAML (or the written file) and errors only
        for line in summary:
            echo(line)
