"""Diagnostics about content, and the one error family of minsheng.

Every problem found in content is a :class:`Diagnostic` with the file, line, column and
field path it concerns. Loading and validation collect them all; the build raises
:class:`ContentErrors` once, carrying the whole list, so that an editor sees every problem
in one run.

Every error meant for a user is a :class:`MinshengError`: a plain exception carrying the
text to show. The command layer (``generator/commands/``) turns it into the command line's
error output (``Error: <message>``, exit code 1; a :class:`InputError` names the argument
at fault and exits 2, like a usage error). Nothing below the command layer knows click.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from generator.messages import msg


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one place of one content file."""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self, repeated: int = 1) -> str:
        """``path:line:col: field.path: what is wrong (hint)``; with ``repeated``, the
        count of places the same problem stands (this one being the first)."""
        where = f"{self.file}:{self.line}:{self.column}: "
        field = f"{self.field}: " if self.field else ""
        level = "warning: " if self.severity is Severity.WARNING else ""
        more = (
            msg("report.repeated", count=repeated, first=f"{self.file}:{self.line}")
            if repeated > 1
            else ""
        )
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{field}{level}{self.message}{more}{hint}"

    @property
    def same_problem(self) -> tuple[str, str, str]:
        """What two diagnostics share when they report one problem in two places (the same
        unknown name, used 56 times)."""
        return (self.severity, self.message, self.hint)

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that marks the line in a pull request."""
        kind = "warning" if self.severity is Severity.WARNING else "error"
        message = self.message + (f" ({self.hint})" if self.hint else "")
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        title = (self.field or "content").replace(",", "%2C").replace("::", "%3A%3A")
        return (
            f"::{kind} file={self.file},line={self.line},col={self.column},title={title}::{message}"
        )


def display_path(path: Path) -> str:
    """A path as an editor would type it: relative to the working directory when possible."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path.absolute()) if rel.startswith("..") else rel


class MinshengError(Exception):
    """A user-facing error: printed without a traceback, exit code 1."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        """The text shown to the user."""
        return self.message


class InputError(MinshengError):
    """A command's argument or option is wrong (``param`` names it, e.g. ``'--date'``)."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class ContentErrors(MinshengError):
    """Content problems that stop a check or a build; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        errors = sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)
        super().__init__(f"{errors} error(s) in content")

    def format_message(self) -> str:
        # One diagnostic per line (no "Error: " prefix), so editors and CI can jump to
        # path:line:col.
        return format_report(self.diagnostics)


def grouped(diagnostics: Iterable[Diagnostic]) -> list[tuple[Diagnostic, int]]:
    """Each problem once, at its first place, with the count of places it stands."""
    first: dict[tuple[str, str, str], Diagnostic] = {}
    counts: dict[tuple[str, str, str], int] = {}
    for d in sorted(diagnostics):
        first.setdefault(d.same_problem, d)
        counts[d.same_problem] = counts.get(d.same_problem, 0) + 1
    return [(d, counts[key]) for key, d in first.items()]


def format_report(diagnostics: Iterable[Diagnostic], *, group: bool = False) -> str:
    """Every diagnostic on its own line (a repeated warning once, with ``group``), then the
    totals."""
    items = sorted(diagnostics)
    if group:
        errors_only = [(d, 1) for d in items if d.severity is Severity.ERROR]
        warnings = grouped(d for d in items if d.severity is Severity.WARNING)
        lines = [d.format(n) for d, n in sorted([*errors_only, *warnings])]
    else:
        lines = [d.format() for d in items]
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    lines.append(msg("report.totals", errors=errors, warnings=len(items) - errors))
    return "\n".join(lines)


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
