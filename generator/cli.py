"""The ``minsheng`` command line.

Commands that live in their own modules are imported only when used, so ``minsheng check``
does not pay for the importer's PDF and Word readers.
"""

from __future__ import annotations

import importlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.errors import ContentErrors, Diagnostic, in_github_actions
from generator.options import as_of_option, content_option

LAZY_COMMANDS = {
    "import": "generator.importer.cli:import_cmd",
    "update": "generator.progress:update_cmd",
    "export": "generator.data:export_cmd",
    "new": "generator.scaffold:new_cmd",
    "serve": "generator.serve:serve_cmd",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names.update(name for name in LAZY_COMMANDS if self._load(name) is not None)
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        return command if command is not None else self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return None  # that part of the tool is not installed
            raise
        command = getattr(module, attr, None)
        return command if isinstance(command, click.Command) else None


def report_warnings(warnings: list[Diagnostic], *, quiet: bool = False) -> None:
    for w in warnings:
        if not quiet:
            click.echo(w.format(), err=True)
        if in_github_actions():
            click.echo(w.github_annotation())


def report_errors(exc: ContentErrors) -> None:
    if in_github_actions():
        for d in exc.diagnostics:
            click.echo(d.github_annotation())


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="minsheng")
def cli() -> None:
    """minsheng: publish local-government livelihood commitments as a static site."""


@cli.command()
@content_option
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. unknown departments) as errors.")
@as_of_option
def check(content_dir: Path, strict: bool, as_of: date | None) -> None:
    """Check the content and report every problem at once."""
    from generator.validate import load_content

    try:
        result = load_content(content_dir, strict=strict, as_of=as_of)
    except ContentErrors as exc:
        report_errors(exc)
        raise
    report_warnings(result.warnings)
    c = result.content
    click.echo(
        f"ok: {len(c.plans)} plans, {len(c.commitments)} commitments, "
        f"{len(c.districts)} districts, {len(c.departments)} departments; "
        f"{len(result.warnings)} warning(s)",
        err=True,
    )


@cli.command()
@content_option
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Where the site is written (replaced atomically).",
)
@click.option("--base-url", help="Public URL of the site, e.g. https://example.org/minsheng/.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@as_of_option
@click.option(
    "--theme",
    type=click.Path(file_okay=False, path_type=Path),
    help="Theme folder overriding the default theme (default: theme/ beside the content).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes rendering pages (default: one per CPU; 1 renders in this process).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Print progress and phase timings.")
@click.option(
    "--timings-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write phase timings and counts to this JSON file (for benchmarks).",
)
def build(
    content_dir: Path,
    output_dir: Path,
    base_url: str | None,
    strict: bool,
    as_of: date | None,
    theme: Path | None,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
    timings_json: Path | None,
) -> None:
    """Build the static site from the content."""
    from generator.build import Builder, BuildOptions

    def progress(message: str) -> None:
        if verbose:
            click.echo(message, err=True)

    options = BuildOptions(base_url=base_url, strict=strict, as_of=as_of, theme=theme)
    if jobs is not None:
        options.jobs = jobs
    try:
        result = Builder(
            content_dir, output_dir, options, progress=progress, incremental=False
        ).build()
    except ContentErrors as exc:
        report_errors(exc)
        raise
    report_warnings(result.warnings, quiet=quiet)
    if verbose:
        for phase, seconds in result.timings.items():
            click.echo(f"  {phase:<9} {seconds:7.3f} s", err=True)
    if not quiet:
        stats = result.stats
        assert stats is not None
        click.echo(
            f"built {result.pages} pages ({stats.files} files, {stats.written} written, "
            f"{stats.linked} unchanged) into {output_dir}",
            err=True,
        )
    if timings_json is not None:
        payload: dict[str, Any] = {
            "phases": result.timings,
            "files_written": result.files_written,
            "files": result.files,
            "pages": result.pages,
        }
        timings_json.write_text(json.dumps(payload, indent=2), "utf-8")


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs/schema"),
    show_default=True,
    help="Folder for the JSON Schema files.",
)
def schema(out: Path) -> None:
    """Write the JSON Schemas of the content files (for editors' YAML plugins)."""
    from generator.schema import FILE_SCHEMAS, json_schema

    out.mkdir(parents=True, exist_ok=True)
    for name in FILE_SCHEMAS:
        text = json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
        (out / f"{name}.schema.json").write_text(text, "utf-8")
        click.echo(f"wrote {out / f'{name}.schema.json'}", err=True)


def main() -> None:
    try:
        cli.main(prog_name="minsheng")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
