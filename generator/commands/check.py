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
def check_cmd(content_dir: Path, strict: bool, as_of: date | None) -> None:
    """Check the content and report every problem at once."""
    from generator.validate import load_content

    result = load_content(content_dir, strict=strict, as_of=as_of)
    report_warnings(result.warnings)
    c = result.content
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
