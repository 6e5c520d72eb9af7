"""Import of oversized sources: refused with a message before the work, never a
MemoryError after minutes (a 1.35 MB .docx inflating to 1 GB did that)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.importer import readers
from generator.importer.readers import SourceError, read_source


def docx_bomb(path: Path, inflated: int) -> Path:
    """A .docx-shaped zip whose document.xml inflates to ``inflated`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * inflated + b">")
    return path


def test_a_docx_that_inflates_past_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_DOCX_INFLATED_BYTES", 1_000_000)
    bomb = docx_bomb(tmp_path / "plan.docx", 2_000_000)
    assert bomb.stat().st_size < 10_000
    with pytest.raises(SourceError) as refused:
        read_source(bomb)
    assert str(refused.value) == (
        f"{bomb}: the .docx inflated is 2,000,010 bytes, over the limit of 1,000,000; "
        "import the plan's own pages only"
    )


def test_the_default_limit_leaves_room_for_real_plans() -> None:
    assert readers.MAX_DOCX_INFLATED_BYTES >= 100 * 1024 * 1024
    assert readers.MAX_SOURCE_CHARACTERS >= 1_000_000


def test_a_text_over_the_length_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_SOURCE_CHARACTERS", 1000)
    source = tmp_path / "plan.txt"
    source.write_text("一、就业\n" + "新增就业。" * 300, "utf-8")
    with pytest.raises(SourceError, match="the text is 1,505 characters, over the limit of 1,000"):
        read_source(source)


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_SOURCE_BYTES", 100)
    source = tmp_path / "plan.txt"
    source.write_bytes(b"x" * 101)
    with pytest.raises(SourceError, match="the file is 101 bytes, over the limit of 100"):
        read_source(source)


def test_a_broken_docx_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "plan.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(SourceError, match=r"not a readable \.docx file"):
        read_source(broken)
