"""Command-line options shared by the ``minsheng`` commands, defined once.

Part of the command layer (with ``generator/commands/``): only commands import it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.safety import base_url_problem

F = TypeVar("F", bound=Callable[..., Any])


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

strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. unknown departments) as errors."
)

theme_option = click.option(
    "--theme",
    type=click.Path(file_okay=False, path_type=Path),
    help="Theme folder overriding the default theme (default: theme/ beside the content).",
)


def parse_base_url(
    _ctx: click.Context | None, _param: click.Parameter | None, value: str | None
) -> str | None:
    """A click callback: a base URL as site.yaml's ``base_url`` must be, or a usage error."""
    if value is None:
        return None
    problem = base_url_problem(value)
    if problem is not None:
        raise click.BadParameter(f"'{value[:80]}' {problem}")
    return value


def base_url_option(help: str) -> Callable[[F], F]:
    """``--base-url``: what it sets differs per command, so each says it in its help."""
    return click.option("--base-url", callback=parse_base_url, help=help)
