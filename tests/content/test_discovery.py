"""Commands find the content from any folder of the site, as git finds `.git`; when there
is none they say where they looked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli


@pytest.mark.parametrize("where", ["site", "site/content", "site/content/plans", "site/theme"])
def test_check_finds_the_content_from_a_subfolder(site_copy: Path, where: str) -> None:
    site = site_copy.parent
    start = site.parent / where
    start.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    old = Path.cwd()
    try:
        os.chdir(start)
        result = runner.invoke(cli, ["check"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert "ok: 3 plans" in result.output


def test_no_site_says_which_folders_were_searched(tmp_path: Path) -> None:
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    old = Path.cwd()
    try:
        os.chdir(start)
        en = CliRunner().invoke(cli, ["check"])
        zh = CliRunner().invoke(cli, ["build", "--lang", "zh"])
    finally:
        os.chdir(old)
    assert en.exit_code == 1
    assert "no content folder found" in en.output
    for folder in (start, start.parent, tmp_path, Path("/")):
        assert f"  {folder}\n" in en.output, en.output
    assert "content:1:1" not in en.output
    assert "找不到内容文件夹" in zh.output
    assert f"  {start}\n" in zh.output
