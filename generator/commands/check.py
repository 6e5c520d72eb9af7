"""``minsheng check``: check the content and report every problem at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from generator.commands import Command, echo, report_warnings
from generator.messages import msg
from generator.options import as_of_option, content_option, strict_option


@click.command("check", cls=Command)
@content_option
@strict_option
@as_of_option
@click.option(
    "--explain-themes",
    is_flag=True,
    help="List the commitments whose themes are only a weak guess (no `categories:` given, "
    "and nothing in the title or text named a theme).",
)
def check_cmd(content_dir: Path, strict: bool, as_of: date | None, explain_themes: bool) -> None:
    """Check the content and report every problem at once."""
    from generator.model import WEAK_THEME_BASES
    from generator.validate import load_content

    result = load_content(content_dir, strict=strict, as_of=as_of)
    report_warnings(result.warnings)
    c = result.content
    if explain_themes:
        weak = [x for x in c.commitments if x.theme_basis in WEAK_THEME_BASES]
        for x in weak:
            key = (
                "check.themes_weak_section"
                if x.theme_basis == "section"
                else "check.themes_weak_none"
            )
            echo(
                msg(
                    key,
                    file=c.plan_of(x).file,
                    no=x.no,
                    title=x.title,
                    category=x.category,
                    section=x.section,
                ),
                err=False,
            )
        given = sum(1 for x in c.commitments if x.theme_basis == "given")
        echo(
            msg(
                "check.themes_total",
                given=given,
                suggested=len(c.commitments) - given - len(weak),
                weak=len(weak),
            ),
            err=False,
        )
    echo(
        msg(
            "check.ok",
            plans=len(c.plans),
            commitments=len(c.commitments),
            districts=len(c.districts),
            departments=len(c.departments),
            warnings=len(result.warnings),
        )
    )
