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
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from generator import __version__
from generator.errors import (
    ContentErrors,
    Diagnostic,
    InputError,
    MinshengError,
    format_report,
    grouped,
    in_github_actions,
)
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
    """Content errors as click shows them: every diagnostic on its own line (a repeated
    warning once, unless ``-v``)."""

    def __init__(self, errors: ContentErrors) -> None:
        super().__init__(errors.message)
        self.errors = errors
        # formatted now, while the command's language and options are in force
        self.text = format_report(errors.diagnostics, group=verbosity() <= 0)
        self.colour = colour()

    def format_message(self) -> str:
        return self.text

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(colour_diagnostics(self.text), err=True, file=file, color=self.colour)


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
VERBOSITY = "verbosity"  # -1 quiet, 0 normal, 1 verbose
COLOUR = "colour"  # True, False, or None: on a terminal only


def _store(name: str, value_of: Any) -> Any:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is not None and value is not False:
            ctx.meta[name] = value_of(value)

    return callback


def _shared_options() -> list[click.Option]:
    """The options every command has, stored in the context rather than passed on."""
    return [
        click.Option(
            ["--lang", LANG_OPTION],
            type=click.Choice(LANGUAGES),
            expose_value=False,
            is_eager=True,
            callback=_remember_language,
            help="Language of messages (default: MINSHENG_LANG, else the site's language).",
        ),
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            callback=_store(VERBOSITY, lambda _: -1),
            help="Print errors only.",
        ),
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            callback=_store(VERBOSITY, lambda _: 1),
            help="Print every warning, progress and timings.",
        ),
        click.Option(
            ["--color/--no-color"],
            default=None,
            expose_value=False,
            callback=_store(COLOUR, bool),
            help="Colour the output (default: on a terminal, unless NO_COLOR is set).",
        ),
    ]


def verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get(VERBOSITY, 0)) if ctx is not None else 0


def colour() -> bool | None:
    """Whether to colour: ``--color``/``--no-color``, else not when NO_COLOR is set, else
    click decides (a terminal)."""
    ctx = click.get_current_context(silent=True)
    chosen = ctx.meta.get(COLOUR) if ctx is not None else None
    if chosen is None and os.environ.get("NO_COLOR"):
        return False
    return chosen


def echo(text: str, *, file: IO[Any] | None = None, err: bool = True) -> None:
    """Print a message (to stderr): styles dropped unless colour is on."""
    click.echo(text, err=err, file=file, color=colour())


_LEVEL = re.compile(r"^(?P<where>\S+:\d+:\d+: )(?P<rest>.*)$")


def colour_diagnostics(text: str) -> str:
    """Diagnostics with the place bold and warnings yellow, errors red (dropped again by
    :func:`echo` when colour is off)."""
    out = []
    for line in text.splitlines():
        m = _LEVEL.match(line)
        if m is None:
            out.append(line)
            continue
        warning = "warning: " in m.group("rest")
        rest = click.style(m.group("rest"), fg="yellow" if warning else "red")
        out.append(click.style(m.group("where"), bold=True) + rest)
    return "\n".join(out)


class Command(click.Command):
    """A click command whose body may raise :class:`MinshengError`, with the options every
    command has (``--lang``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_shared_options())

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
    # in force already for the other options' messages; the site's language comes later
    use_language(resolve_language(value))
    ctx.call_on_close(lambda: use_language(None))


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
        try:
            with click_errors(ctx):  # also for a command not made with ``cls=Command``
                return super().invoke(ctx)
        finally:
            # the language lasts one command, also one whose options were refused
            use_language(None)

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


class ProgressLine:
    """Where a long build says how far it is: one line rewritten in place on a terminal,
    shown only once the work has taken :data:`AFTER` seconds (a quick build prints only
    its summary); nothing in a log (CI), whose reader wants the summary; every message on
    its own line with ``-v``."""

    AFTER = 2.0

    def __init__(self, *, enabled: bool = True, every_line: bool = False) -> None:
        self.enabled = enabled
        self.every_line = every_line
        self.terminal = enabled and sys.stderr.isatty() and not in_github_actions()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, message: str) -> None:
        if self.every_line:
            echo(message)
        elif self.terminal and time.monotonic() - self.started >= self.AFTER:
            width = shutil.get_terminal_size((80, 20)).columns - 1
            click.echo("\r\x1b[K" + message[:width], err=True, nl=False)
            self.shown = True

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)  # the summary takes the line


def report_warnings(warnings: list[Diagnostic]) -> None:
    """Each warning once with the count of its places (every place with ``-v``); none with
    ``-q``. GitHub Actions gets an annotation per place."""
    level = verbosity()
    if level >= 0 and warnings:
        shown = [(w, 1) for w in warnings] if level > 0 else grouped(warnings)
        echo(colour_diagnostics("\n".join(w.format(n) for w, n in shown)))
    if in_github_actions():
        for w in warnings:
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
