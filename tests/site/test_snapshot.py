"""Output snapshot (Pelican style): the fixture site, built with a fixed as-of date, must be
byte for byte the committed tree in tests/fixtures/snapshot/.

Any change to templates, CSS, page logic, search or data files changes the output and fails
this test with a list of the files that differ and a diff of the first few. When the change
is intended, regenerate the snapshot and review it like code:

    MINSHENG_UPDATE_SNAPSHOT=1 .venv/bin/pytest tests/site/test_snapshot.py
    git diff --stat tests/fixtures/snapshot/

The build's bookkeeping file (.minsheng-manifest.json) is left out: it only lists the hashes
of the other files.
"""

from __future__ import annotations

import difflib
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.output import MANIFEST
from tests.conftest import FIXTURE_CONTENT, ROOT, build

SNAPSHOT = ROOT / "tests" / "fixtures" / "snapshot"
AS_OF = date(2023, 6, 30)
UPDATE_ENV = "MINSHENG_UPDATE_SNAPSHOT"
DIFF_FILES = 3
DIFF_LINES = 40


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def describe(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    out = [f"the built fixture site differs from {SNAPSHOT.relative_to(ROOT)}:"]
    out += [f"  missing from the build: {p}" for p in missing]
    out += [f"  new in the build: {p}" for p in extra]
    out += [f"  changed: {p}" for p in changed]
    for path in changed[:DIFF_FILES]:
        try:
            old = expected[path].decode("utf-8").splitlines()
            new = actual[path].decode("utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        diff = list(
            difflib.unified_diff(old, new, f"snapshot/{path}", f"build/{path}", lineterm="")
        )
        out += diff[:DIFF_LINES] + (["  …"] if len(diff) > DIFF_LINES else [])
    out.append(
        f"if the change is intended: {UPDATE_ENV}=1 .venv/bin/pytest {Path(__file__).relative_to(ROOT)}"
    )
    return "\n".join(out)


def test_fixture_site_output_matches_the_snapshot(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(FIXTURE_CONTENT, out, as_of=AS_OF)
    actual = tree(out)
    if os.environ.get(UPDATE_ENV):
        if SNAPSHOT.exists():
            shutil.rmtree(SNAPSHOT)
        for path, data in actual.items():
            target = SNAPSHOT / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        pytest.skip(f"snapshot regenerated: {len(actual)} files in {SNAPSHOT.relative_to(ROOT)}")
    assert SNAPSHOT.is_dir(), f"no snapshot yet: run with {UPDATE_ENV}=1 to create it"
    expected = tree(SNAPSHOT)
    assert expected == actual, describe(expected, actual)


def test_snapshot_comparison_reports_what_changed() -> None:
    expected = {"a.html": b"<p>1</p>\n", "b.css": b"x", "gone.txt": b""}
    actual = {"a.html": b"<p>2</p>\n", "b.css": b"x", "new.txt": b""}
    report = describe(expected, actual)
    assert "missing from the build: gone.txt" in report
    assert "new in the build: new.txt" in report
    assert "changed: a.html" in report and "changed: b.css" not in report
    assert "-<p>1</p>" in report and "+<p>2</p>" in report


def test_the_build_is_reproducible(tmp_path: Path) -> None:
    build(FIXTURE_CONTENT, tmp_path / "one", as_of=AS_OF)
    build(FIXTURE_CONTENT, tmp_path / "two", as_of=AS_OF)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_the_command_line_build_matches_the_snapshot_too(tmp_path: Path) -> None:
    """``minsheng build`` (a one-off build, keeping nothing, rendering in two processes)
    gives the same tree as the long-lived builder the test above uses."""
    from click.testing import CliRunner

    from generator.cli import cli

    out = tmp_path / "output"
    args = ["build", "--content", str(FIXTURE_CONTENT), "--output", str(out), "-j", "2"]
    result = CliRunner().invoke(cli, [*args, "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert SNAPSHOT.is_dir()
    expected = tree(SNAPSHOT)
    actual = tree(out)
    assert expected == actual, describe(expected, actual)
