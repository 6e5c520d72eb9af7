"""``minsheng new DIR``: a ready site for another region."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands import Command, echo, verbosity
from generator.messages import msg
from generator.options import base_url_option
from generator.scaffold import DEFAULT_TITLE, create_site


@click.command("new", cls=Command)
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", help=f"Site title (default: {DEFAULT_TITLE}).")
@base_url_option(
    "Where the site will be published, e.g. https://example.org/minsheng/ (default: /)."
)
@click.option(
    "--force",
    is_flag=True,
    help="Use a folder that is not empty: add the missing starter files, keep existing ones.",
)
@click.option(
    "--package",
    help="What the deploy workflow installs, as a pip requirement (default: the Git commit "
    "or wheel this minsheng was installed from, else minsheng==VERSION).",
)
def new_cmd(
    directory: Path, title: str | None, base_url: str | None, force: bool, package: str | None
) -> None:
    """Create a ready site in DIRECTORY: example content, editor's README, deploy workflow."""
    result = create_site(directory, title=title, base_url=base_url, force=force, package=package)
    if verbosity() > 0:
        for rel in result.written:
            echo(msg("new.created", path=directory / rel))
    for rel in result.kept:
        echo(msg("new.kept", path=directory / rel))
    if result.git:
        echo(msg("new.git"))
    echo(msg("new.next", directory=directory))
