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
