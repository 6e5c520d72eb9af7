"""``minsheng new DIR``: a ready site for another region."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands import Command
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
def new_cmd(directory: Path, title: str | None, base_url: str | None, force: bool) -> None:
    """Create a ready site in DIRECTORY: example content, editor's README, deploy workflow."""
    result = create_site(directory, title=title, base_url=base_url, force=force)
    for rel in result.written:
        click.echo(f"created {directory / rel}", err=True)
    for rel in result.kept:
        click.echo(f"kept existing {directory / rel}", err=True)
    click.echo(
        "\nNext steps:\n"
        f"  cd {directory}\n"
        "  minsheng check --strict      # check the example content\n"
        "  minsheng build && minsheng serve   # preview on http://127.0.0.1:8000/\n"
        "Then replace content/plans/example-2024.yaml with your own plans (see README.md).",
        err=True,
    )
