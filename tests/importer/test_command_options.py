"""``minsheng import --dry-run``, ``--add-departments`` and unsupported formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands.importing import import_cmd
from generator.importer.emit import load, to_plain

PLAN = (
    "示例区2023年民生实事\n"
    "1. 新建社区食堂3个。（区民政局）\n"
    "2. 改造老旧小区12个。（区住建局、各街道）\n"
    "3. 新增停车位500个。（区住建局）\n"
    "特此通知。\n"
)
DEPARTMENTS = (
    "# departments of the example district\n"
    "shiliqu:\n"
    "  scopes: [各街道]\n"
    "  departments:\n"
    "    - name: 区民政局\n"
    "\n"
    "other:\n"
    "  departments:\n"
    "    - name: 区教育局\n"
)


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    (root / "departments.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    return root


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_dry_run_writes_nothing(content: Path, source: Path) -> None:
    out = content / "plans" / "shiliqu-2023.yaml"
    args = [str(source), "--district", "shiliqu", "--content", str(content)]
    result = CliRunner().invoke(
        import_cmd, [*args, "--dry-run", "--add-departments", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert [c["no"] for c in to_plain(load(result.stdout))["commitments"]] == [1, 2, 3]
    assert not out.exists() and not (content / "sources").exists()
    assert (content / "departments.yaml").read_text(encoding="utf-8") == DEPARTMENTS
    assert "dry run: nothing written" in result.stderr
    assert "  - name: 区住建局  # proposed by import" in result.stderr
    # The real run afterwards is not refused because of an archive the preview left.
    real = CliRunner().invoke(import_cmd, [*args, "-o", str(out)])
    assert real.exit_code == 0, real.output
    assert out.is_file()


def test_add_departments_appends_proposals_under_the_district(content: Path, source: Path) -> None:
    result = CliRunner().invoke(
        import_cmd,
        [str(source), "--district", "shiliqu", "--content", str(content), "--add-departments"],
    )
    assert result.exit_code == 0, result.output
    # Each new name once, with the number of commitments that name it; scopes are not proposed.
    assert "not in departments.yaml: 区住建局 (2)" in result.stderr
    text = (content / "departments.yaml").read_text(encoding="utf-8")
    assert text.startswith(DEPARTMENTS.split("\nother:")[0].rstrip("\n") + "\n    - name: 区住建局")
    assert "    - name: 区住建局  # proposed by import\n      slug: qu-zhu-jian-ju\n" in text
    assert text.count("区住建局") == 1
    assert text.endswith("other:\n  departments:\n    - name: 区教育局\n")
    again = CliRunner().invoke(import_cmd, [str(source), "--district", "shiliqu", "--content",
                                            str(content), "--add-departments", "--force"])  # fmt: skip
    assert again.exit_code == 0
    assert "not in departments.yaml" not in again.stderr  # now known, not proposed twice
    assert (content / "departments.yaml").read_text(encoding="utf-8") == text


def test_add_departments_for_a_new_district(content: Path, source: Path) -> None:
    (content / "departments.yaml").unlink()
    result = CliRunner().invoke(
        import_cmd,
        [str(source), "--district", "shiliqu", "--content", str(content), "--add-departments"],
    )
    assert result.exit_code == 0, result.output
    text = (content / "departments.yaml").read_text(encoding="utf-8")
    assert text.startswith("shiliqu:  # proposed by import\n  departments:\n")
    assert "- name: 区民政局  # proposed by import" in text


@pytest.mark.parametrize("suffix", [".wps", ".doc", ".jpg", ".png"])
def test_unsupported_formats_say_what_to_do(content: Path, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\x00\x00")
    result = CliRunner().invoke(import_cmd, [str(path), "--content", str(content)])
    assert result.exit_code == 1
    assert "unsupported format" in result.output and "save as .docx/.txt" in result.output
    assert "no commitments" not in result.output


def test_closing_block_is_reported_not_glued(content: Path, source: Path) -> None:
    result = CliRunner().invoke(
        import_cmd, [str(source), "--district", "shiliqu", "--content", str(content), "--dry-run"]
    )
    data = to_plain(load(result.stdout))
    assert data["commitments"][-1]["text"] == "新增停车位500个。"
    assert "closing lines (1: formula, signature, date, byline):" in result.stderr
    assert "  line 5: 特此通知。" in result.stderr
