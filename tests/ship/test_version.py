"""One version, in ``generator/__init__.py``: shown by ``--version`` and in the CHANGELOG."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def source_version() -> str:
    text = (ROOT / "generator" / "__init__.py").read_text("utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.M)
    assert found, "generator/__init__.py defines __version__"
    return found.group(1)


def test_version_option_prints_the_package_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"minsheng, version {source_version()}"


def test_changelog_has_an_entry_for_the_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert changelog.startswith("# Changelog")
    heading = re.search(
        rf"^## \[{re.escape(source_version())}\] - (\d{{4}}-\d{{2}}-\d{{2}})$", changelog, re.M
    )
    assert heading, "a '## [VERSION] - YYYY-MM-DD' heading (Keep a Changelog)"
    entry = changelog[heading.end() :].split("\n## ", 1)[0]
    assert "### Added" in entry
