"""``minsheng schema``: the JSON Schemas of the content files, for editors' YAML plugins."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands import Command, echo, verbosity
from generator.messages import msg


@click.command("schema", cls=Command)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs/schema"),
    show_default=True,
    help="Folder for the JSON Schema files.",
)
def schema_cmd(out: Path) -> None:
    """Write the JSON Schemas of the content files (for editors' YAML plugins)."""
    from generator.schema import FILE_SCHEMAS, schema_text

    out.mkdir(parents=True, exist_ok=True)
    for name in FILE_SCHEMAS:
        (out / f"{name}.schema.json").write_text(schema_text(name), "utf-8")
        if verbosity() >= 0:
            echo(msg("file.wrote", path=out / f"{name}.schema.json"))
