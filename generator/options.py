"""Command-line options shared by the ``minsheng`` commands, defined once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click


def parse_date(
    _ctx: click.Context | None, _param: click.Parameter | None, value: str | None
) -> date | None:
    """A click callback: ``YYYY-MM-DD`` → date, or a usage error naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder.",
)

as_of_option = click.option(
    "--as-of",
    callback=parse_date,
    help="Compute statuses for this date (YYYY-MM-DD).",
)
