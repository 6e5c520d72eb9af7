"""The command layer: the ``minsheng`` group and every command, one module each.

This package is the only place that knows click. Core functions raise
:class:`~generator.errors.MinshengError` subclasses; :class:`Command` turns them into
click's error output: ``Error: <message>`` and exit code 1, an
:class:`~generator.errors.InputError` as a usage error naming the argument (exit code 2),
and :class:`~generator.errors.ContentErrors` as one ``path:line:col: …`` diagnostic per
line (plus GitHub Actions annotations when run there).

Commands are imported only when used, so ``minsheng check`` does not pay for the importer's
PDF and Word readers. A command module defines one click command with ``cls=Command`` and
takes its shared options from :mod:`generator.options`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from generator import __version__
from generator.errors import ContentErrors, Diagnostic, InputError, MinshengError, in_github_actions
from generator.messages import LANGUAGES, resolve_language, site_language_of, use_language

# name → "module:attribute" of each command; modules are imported on first use.
COMMANDS = {
    "check": "generator.commands.check:check_cmd",
    "build": "generator.commands.build:build_cmd",
    "schema": "generator.commands.schema:schema_cmd",
    "import": "generator.commands.importing:import_cmd",
    "update": "generator.commands.update:update_cmd",
    "export": "generator.commands.export:export_cmd",
    "new": "generator.commands.new:new_cmd",
    "serve": "generator.commands.serve:serve_cmd",
}


class ContentFailure(click.ClickException):
    """Content errors as click shows them: every diagnostic on its own line."""

    def __init__(self, errors: ContentErrors) -> None:
        super().__init__(errors.message)
        self.errors = errors

    def format_message(self) -> str:
        return self.errors.format_message()

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


@contextmanager
def click_errors(ctx: click.Context | None = None) -> Iterator[None]:
    """Run a command body, turning minsheng's errors into click's."""
    try:
        yield
    except ContentErrors as exc:
        report_errors(exc)
        raise ContentFailure(exc) from exc
    except InputError as exc:
        raise click.BadParameter(exc.message, ctx=ctx, param_hint=exc.param) from exc
    except MinshengError as exc:
        raise click.ClickException(exc.message) from exc


LANG_OPTION = "lang"


class Command(click.Command):
    """A click command whose body may raise :class:`MinshengError`, with the options every
    command has (``--lang``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(
            click.Option(
                ["--lang", LANG_OPTION],
                type=click.Choice(LANGUAGES),
                expose_value=False,
                is_eager=True,
                callback=_remember_language,
                help="Language of messages (default: MINSHENG_LANG, else the site's language).",
            )
        )

    def invoke(self, ctx: click.Context) -> Any:
        explicit = ctx.meta.get(LANG_OPTION)
        content = ctx.params.get("content_dir")
        site_language = site_language_of(content) if isinstance(content, Path) else None
        use_language(resolve_language(explicit, site_language))
        ctx.call_on_close(lambda: use_language(None))
        with click_errors(ctx):
            return super().invoke(ctx)


def _remember_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    ctx.meta[LANG_OPTION] = value


class LazyGroup(click.Group):
    """The ``minsheng`` group: loads a command's module when the command is asked for."""

    command_class = Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names.update(name for name in COMMANDS if self._load(name) is not None)
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        return command if command is not None else self._load(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        with click_errors(ctx):  # also for a command not made with ``cls=Command``
            return super().invoke(ctx)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
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


def main() -> None:
    try:
        cli.main(prog_name="minsheng")
    except KeyboardInterrupt:
        raise SystemExit(130) from None
