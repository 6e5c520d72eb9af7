"""A hostile editor's symbolic links: nothing outside content/ or the theme is read, and a
message never shows what such a file holds.

``ln -sf /proc/self/environ content/sources/…`` published the build's environment (secrets,
in CI) on the source page; ``theme/static/x -> /etc/passwd`` was published; a plan linked to
/etc/passwd had its first line quoted in the check message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.importer.readers import read_source
from tests.hostile.helpers import PLAN, check, lines, run, site

SECRET = "MINSHENG_TEST_SECRET=do-not-publish-7f3a"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"root:x:0:0:root:/root:/bin/bash\n{SECRET}\n", "utf-8")
    return path


def build_result(content: Path, tmp_path: Path) -> tuple[int, str, Path]:
    out = tmp_path / "output"
    result = run("build", "--content", str(content), "--output", str(out), "-q")
    return result.exit_code, result.stderr, out


def test_archived_source_linked_outside_content(tmp_path: Path, secret_file: Path) -> None:
    content = site(tmp_path)
    source = content / "sources" / "east-2022.txt"
    source.unlink()
    source.symlink_to(secret_file)
    code, stderr, out = build_result(content, tmp_path)
    assert code == 1
    assert lines_of(stderr, content) == [
        f"{PLAN}:11:13: source.archived: 'sources/east-2022.txt' is a symbolic link that leads "
        "outside content/; it is not read (copy the file into the folder instead; minsheng "
        "reads nothing outside it)",
        "1 error(s), 0 warning(s)",
    ]
    assert not out.exists()


def test_plan_linked_outside_content_is_not_read_or_quoted(
    tmp_path: Path, secret_file: Path
) -> None:
    content = site(tmp_path)
    (content / "plans" / "zz-2024.yaml").symlink_to(secret_file)
    result = check(content)
    assert result.exit_code == 1
    assert "root:x" not in result.output and SECRET not in result.output
    assert lines_of(result.stderr, content) == [
        "plans/zz-2024.yaml:1:1: is a symbolic link that leads outside the content folder; it "
        "is not read (copy the file into the folder instead; minsheng reads nothing outside it)",
        "1 error(s), 0 warning(s)",
    ]


def test_plans_folder_linked_outside_content(tmp_path: Path, secret_file: Path) -> None:
    content = site(tmp_path)
    elsewhere = secret_file.parent / "plans"
    (content / "plans").rename(elsewhere)
    (content / "plans").symlink_to(elsewhere)
    result = check(content)
    assert result.exit_code == 1
    assert all("is a symbolic link that leads outside" in line for line in lines(result)[:-1])
    assert lines(result)[-1] == "3 error(s), 0 warning(s)"


def test_links_inside_content_are_fine(tmp_path: Path) -> None:
    content = site(tmp_path)
    source = content / "sources" / "east-2022.txt"
    source.rename(content / "sources" / "real.txt")
    source.symlink_to("real.txt")
    assert check(content).exit_code == 0


@pytest.mark.parametrize("where", ["static/x.txt", "templates/partial.html", "static"])
def test_theme_file_linked_outside_the_theme(tmp_path: Path, secret_file: Path, where: str) -> None:
    content = site(tmp_path)
    theme = content.parent / "theme"
    link = theme / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret_file if where != "static" else secret_file.parent)
    code, stderr, out = build_result(content, tmp_path)
    assert code == 1
    assert SECRET not in stderr
    assert lines_of(stderr, content.parent) == [
        f"theme/{where}:1:1: is a symbolic link that leads outside the theme folder; it is not "
        "read (copy the file into the folder instead; minsheng reads nothing outside it)",
        "1 error(s), 0 warning(s)",
    ]
    assert not out.exists()


def test_site_yaml_linked_outside_is_not_read_by_serve(tmp_path: Path, secret_file: Path) -> None:
    from generator.serve import configured_base_url

    content = site(tmp_path)
    (content / "site.yaml").unlink()
    secret_file.write_text("base_url: /leaked/\n", "utf-8")
    (content / "site.yaml").symlink_to(secret_file)
    assert configured_base_url(content) == "/"


def lines_of(stderr: str, root: Path) -> list[str]:
    """Diagnostics without the folder they are under."""
    prefix = str(root) + "/"
    return [line.removeprefix(prefix) for line in stderr.splitlines() if line.strip()]


def test_import_reads_the_file_it_is_given(tmp_path: Path) -> None:
    """Import is pointed at a file by the user: that file is read, link or not."""
    real = tmp_path / "plan.txt"
    real.write_text("一、就业\n1. 新增就业1万人。\n", "utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert read_source(link).text.startswith("一、就业")
