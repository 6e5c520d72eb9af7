"""``minsheng update``: record a progress report of one commitment in its plan file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from generator.commands import Command, echo, verbosity
from generator.messages import msg
from generator.model import STATUS_ORDER
from generator.options import content_option, parse_date
from generator.planfile import NewUpdate
from generator.progress import record_update
from generator.schema import SOURCE_KINDS

# Kinds an editor chooses with --source; a report without one is recorded as unsourced.
SOURCED_KINDS = tuple(k for k in SOURCE_KINDS if k != "unsourced")


def _percent(_ctx: click.Context, _param: click.Parameter, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise click.BadParameter(f"{value} is not a percentage between 0 and 100")
    return value


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    return parse_date(ctx, param, value) or date.today()


@click.command("update", cls=Command)
@click.argument("plan")
@click.argument("no", type=int)
@click.option("--status", required=True, type=click.Choice(STATUS_ORDER), help="New status.")
@click.option("--note", required=True, help="What was reported (markdown).")
@click.option(
    "--source",
    "source_url",
    help="URL of the report; without one the update is marked as having no public source.",
)
@click.option("--source-title", help="Title of the report.")
@click.option(
    "--kind",
    type=click.Choice(SOURCED_KINDS),
    help="Who reports it: the government itself (default), the media, a citizen, or "
    "verified evidence. Needs --source.",
)
@click.option(
    "--date",
    "when",
    callback=_date,
    help="Date of the report (default: today); an older report is filed in date order.",
)
@click.option("--percent", type=int, callback=_percent, help="Percent complete, 0–100.")
@content_option
def update_cmd(
    plan: str,
    no: int,
    status: str,
    note: str,
    source_url: str | None,
    source_title: str | None,
    kind: str | None,
    when: date,
    percent: int | None,
    content_dir: Path,
) -> None:
    """Add a progress update to commitment NO of plan PLAN.

    Example: minsheng update lvyuan-2022 2 --status on_track --note "上半年新增就业4400人"
    --source https://example.org/report --percent 55
    """
    if source_url is None and (kind is not None or source_title is not None):
        raise click.BadParameter(
            "give the report's URL with --source, or leave out --kind and --source-title "
            "for a report without a public source",
            param_hint="'--source'",
        )
    new = NewUpdate(
        date=when,
        status=status,
        note=note.strip(),
        progress=percent,
        source_url=source_url,
        source_title=source_title,
        kind=(kind or "government") if source_url is not None else "unsourced",
    )
    recorded = record_update(content_dir, plan, no, new)
    for warning in recorded.warnings:
        click.echo(f"warning: {warning}", err=True)
    if verbosity() >= 0:
        echo(
            msg(
                "update.done",
                status=status,
                date=when.isoformat(),
                plan=plan,
                no=no,
                file=recorded.plan_file,
            )
        )
