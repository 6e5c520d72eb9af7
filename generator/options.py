"""Command-line options shared by the ``minsheng`` commands, defined once.

Part of the command layer (with ``generator/commands/``): only commands import it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.errors import MinshengError
from generator.messages import msg
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


def find_content(start: Path) -> tuple[Path | None, list[Path]]:
    """The content folder for a command run in ``start``: the nearest folder, from
    ``start`` up through its parents (as git finds ``.git``), that holds ``site.yaml`` or
    ``content/site.yaml``; and every folder looked in."""
    searched: list[Path] = []
    for folder in [start, *start.parents]:
        searched.append(folder)
        if (folder / "site.yaml").is_file():
            return folder, searched
        if (folder / "content" / "site.yaml").is_file():
            return folder / "content", searched
    return None, searched


def discover_content(
    _ctx: click.Context | None, _param: click.Parameter | None, value: Path | None
) -> Path:
    """A click callback: ``--content`` as given, else the folder :func:`find_content` finds
    from the working directory (shown relative to it), else an error naming the folders
    searched."""
    if value is not None:
        return value
    cwd = Path.cwd()
    found, searched = find_content(cwd)
    if found is None:
        shown = "\n".join(f"  {folder}" for folder in searched)
        raise MinshengError(msg("content.not_found", searched=shown))
    rel = os.path.relpath(found, cwd)
    return Path(rel) if not rel.startswith("..") else found


content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=discover_content,
    help="The content folder (default: the nearest content/ or folder with site.yaml, "
    "from here up).",
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
