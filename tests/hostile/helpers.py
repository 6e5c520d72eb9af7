"""What the hostile cases share: a writable fixture site, the check command, a plan edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import cli
from tests.conftest import FIXTURE_SITE

PLAN = "plans/east-2022.yaml"  # the fixture plan the cases edit


def site(tmp_path: Path) -> Path:
    """A writable copy of the fixture site; its content folder."""
    target = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, target)
    return target / "content"


def edit(content: Path, rel: str, old: str, new: str) -> None:
    """Replace one exact piece of a content file (fails when it is not there once)."""
    path = content / rel
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {rel}"
    path.write_text(text.replace(old, new), "utf-8")


def run(*args: str) -> Result:
    """A minsheng command as a user runs it (click's runner; exceptions are not caught
    by the test, so a traceback fails it)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def check(content: Path) -> Result:
    return run("check", "--content", str(content), "--as-of", "2023-06-30")


def lines(result: Result) -> list[str]:
    """The diagnostics of a check, with the content folder's path cut off."""
    return [line for line in result.stderr.splitlines() if line.strip()]
