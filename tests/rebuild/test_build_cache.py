"""`minsheng build --cache DIR` (a CI job restoring DIR and the output with actions/cache)
gives, after every kind of edit, the bytes a build from scratch gives, while rendering
only what the edit touched.

Each build here is a separate `minsheng build` call: the builder it starts from is the one
read back from DIR, never the object of the previous call. Between calls the content
folder is checked out afresh (every file copied anew: new inode and mtime), as in CI.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import buildcache
from generator.cli import cli
from tests.content.test_incremental import EDITS, tree


def build(content: Path, output: Path, *args: str) -> Result:
    result = CliRunner().invoke(
        cli,
        ["build", "--content", str(content), "--output", str(output), "-j", "1", "-v", *args],
    )
    assert result.exit_code == 0, result.output
    return result


def fresh_checkout(site: Path) -> None:
    """The same files at the same paths, each one new to the file system."""
    copy = site.parent / "checkout"
    shutil.copytree(site, copy)  # copies get new inodes and the current time
    shutil.rmtree(site)
    copy.rename(site)


def written(result: Result) -> tuple[int, int]:
    line = next(ln for ln in result.output.splitlines() if ln.startswith("built "))
    files, count = line.split("(")[1].split(" files, ")
    return int(count.split(" written")[0]), int(files)


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_cached_build_after_edit_equals_full_build(
    site_copy: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = build(site_copy, out, "--cache", str(cache))
    assert "build cache empty or not usable" in first.output
    assert (cache / buildcache.CACHE_FILE).is_file()
    edit(site_copy)
    fresh_checkout(site_copy.parent)
    again = build(site_copy, out, "--cache", str(cache))
    assert "build cache read" in again.output
    build(site_copy, tmp_path / "fresh")
    cached_tree, fresh_tree = tree(out), tree(tmp_path / "fresh")
    assert cached_tree.keys() == fresh_tree.keys()
    assert [path for path in cached_tree if cached_tree[path] != fresh_tree[path]] == []
    changed, files = written(again)
    assert 0 < changed < files


def test_cached_build_without_edit_renders_nothing(site_copy: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(site_copy, out, "--cache", str(cache))
    fresh_checkout(site_copy.parent)
    again = build(site_copy, out, "--cache", str(cache))
    assert "build cache read" in again.output
    assert "re-rendered" not in again.output or "re-rendered 0 of" in again.output
    assert written(again)[0] == 0


def test_a_cache_for_other_settings_or_a_broken_one_is_ignored(
    site_copy: Path, tmp_path: Path
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(site_copy, out, "--cache", str(cache))
    other = build(site_copy, out, "--cache", str(cache), "--base-url", "https://example.com/x/")
    assert "build cache empty or not usable" in other.output
    (cache / buildcache.CACHE_FILE).write_bytes(b"\x80\x05not a pickle")
    broken = build(site_copy, out, "--cache", str(cache))
    assert "build cache empty or not usable" in broken.output
    build(site_copy, tmp_path / "fresh")
    assert tree(out) == tree(tmp_path / "fresh")


def test_without_the_output_every_page_is_rendered_again_and_the_same(
    site_copy: Path, tmp_path: Path
) -> None:
    # actions/cache restored the cache folder but not the output: nothing may be assumed
    cache = tmp_path / "cache"
    build(site_copy, tmp_path / "first", "--cache", str(cache))
    shutil.rmtree(tmp_path / "first")
    again = build(site_copy, tmp_path / "first", "--cache", str(cache))
    build(site_copy, tmp_path / "fresh")
    assert tree(tmp_path / "first") == tree(tmp_path / "fresh")
    changed, files = written(again)
    assert changed == files
