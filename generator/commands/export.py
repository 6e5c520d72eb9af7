"""``minsheng export``: the open data (JSON or CSV) on stdout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from generator.commands import Command
from generator.options import as_of_option, base_url_option, content_option


@click.command("export", cls=Command)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="commitments.json or commitments.csv, as published under /data/.",
)
@content_option
@as_of_option
@base_url_option("Base URL for the commitments' url field.")
def export_cmd(content_dir: Path, fmt: str, as_of: date | None, base_url: str | None) -> None:
    """Write all commitments as JSON or CSV to stdout."""
    from generator.data import commitments_csv, commitments_json
    from generator.render import Links
    from generator.validate import load_content

    content = load_content(content_dir, as_of=as_of).content
    if base_url is not None:
        content = replace(content, site=replace(content.site, base_url=base_url))
    links = Links(content.site.base_url)
    data = commitments_json(content, links) if fmt == "json" else commitments_csv(content, links)
    click.echo(data, nl=False)  # bytes go to the binary stream unchanged
