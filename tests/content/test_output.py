"""Publishing: atomic, never outside output/, unchanged files untouched, stale files gone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output import OutputError, publish
from tests.conftest import build


def test_paths_that_escape_are_refused(tmp_path: Path) -> None:
    for bad in ["../x.html", "/etc/passwd", "a/../../x", "a\\b", ""]:
        with pytest.raises(OutputError):
            publish({bad: b"x"}, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "x.html").exists()


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "precious.txt").write_text("keep me")
    with pytest.raises(OutputError, match="not made by minsheng"):
        publish({"index.html": b"x"}, home)
    assert (home / "precious.txt").read_text() == "keep me"


def test_unchanged_files_keep_inode_and_mtime_and_stale_files_go(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = publish({"a.html": b"A", "b/c.html": b"C", "old.html": b"O"}, out)
    assert (first.written, first.linked) == (3, 0)
    before = (out / "a.html").stat()
    second = publish({"a.html": b"A", "b/c.html": b"C2"}, out)
    assert (second.written, second.linked) == (1, 1)
    after = (out / "a.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (out / "b" / "c.html").read_bytes() == b"C2"
    assert not (out / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_rebuild_without_change_rewrites_nothing(site_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    first = build(site_copy, out)
    assert first.stats is not None and first.stats.written == first.files
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = build(site_copy, out)
    assert second.stats is not None
    assert second.stats.written == 0
    changed = [p for p, m in mtimes.items() if p.stat().st_mtime_ns != m]
    assert changed == []


def test_removed_plan_disappears_from_output(site_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(site_copy, out)
    assert (out / "plans" / "west-2023" / "index.html").exists()
    (site_copy / "plans" / "west-2023.yaml").unlink()
    build(site_copy, out)
    assert not (out / "plans" / "west-2023").exists()


def test_leftovers_of_killed_builds_are_removed(tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(gone.stdout)  # a process that has exited
    for kind in ("pending", "previous", "replaced"):
        (tmp_path / f".out.{kind}-{dead_pid}" / "plans").mkdir(parents=True)
    alive = tmp_path / f".out.pending-{os.getppid()}"  # a running process's build
    alive.mkdir()
    unrelated = tmp_path / ".out.notes-1"
    unrelated.mkdir()
    publish({"index.html": b"x"}, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", alive.name, unrelated.name])
