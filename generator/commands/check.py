"""``minsheng check``: check the content and report every problem at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from generator.commands import Command, report_warnings
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
            plan = c.plan_of(x)
            why = (
                f"from the section heading '{x.section}' only"
                if x.theme_basis == "section"
                else "nothing named a theme"
            )
            click.echo(
                f"{plan.file}: commitment {x.no} '{x.title}': theme '{x.category}' is a weak "
                f"guess ({why}); confirm or change it with `categories: [...]`"
            )
        given = sum(1 for x in c.commitments if x.theme_basis == "given")
        click.echo(
            f"themes: {given} given in the plan files, "
            f"{len(c.commitments) - given - len(weak)} suggested from the title or text, "
            f"{len(weak)} weak guesses"
        )
    click.echo(
        f"ok: {len(c.plans)} plans, {len(c.commitments)} commitments, "
        f"{len(c.districts)} districts, {len(c.departments)} departments; "
        f"{len(result.warnings)} warning(s)",
        err=True,
    )
