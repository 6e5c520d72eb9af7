"""Rendering in worker processes gives exactly the output of rendering in one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import render
from tests.conftest import FIXTURE_CONTENT, build


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_parallel_build_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 0)  # the fixture site is small
    build(FIXTURE_CONTENT, tmp_path / "one", jobs=1)
    build(FIXTURE_CONTENT, tmp_path / "two", jobs=2)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) > 40
    assert one == two


def test_three_processes_give_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 0)
    build(FIXTURE_CONTENT, tmp_path / "one", jobs=1)
    build(FIXTURE_CONTENT, tmp_path / "three", jobs=3)
    assert tree(tmp_path / "one") == tree(tmp_path / "three")


def test_a_template_error_in_any_process_fails_the_build_cleanly(
    site_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 0)
    templates = site_copy.parent / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "department.html").write_text("{{ page.no_such_field }}", "utf-8")
    with pytest.raises(render.TemplateError, match="no_such_field"):
        build(site_copy, tmp_path / "out", jobs=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no output, nothing pending
