"""A rebuild by the same Builder (as `minsheng serve` does) equals a fresh full build.

After each kind of edit, the output of the long-lived builder is compared byte for byte
with a build by a new Builder into another folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import Builder, BuildOptions
from generator.errors import ContentErrors
from tests.conftest import FIXED_TODAY


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".minsheng-manifest.json"
    }


def options() -> BuildOptions:
    return BuildOptions(today=FIXED_TODAY, jobs=1)


def edit_commitment_text(content: Path) -> None:
    plan = content / "plans" / "east-2022.yaml"
    plan.write_text(plan.read_text("utf-8").replace("新建5家幸福食堂", "新建6家幸福食堂"), "utf-8")


def rename_department(content: Path) -> None:
    depts = content / "departments.yaml"
    depts.write_text(
        depts.read_text("utf-8").replace("- name: 区教育局", "- name: 区教育和体育局"), "utf-8"
    )


def add_plan(content: Path) -> None:
    (content / "plans" / "west-2024.yaml").write_text(
        "id: west-2024\ntitle: 西县2024年为民办实事项目\ndistrict: test-west\nyear: 2024\n"
        "commitments:\n  - no: 1\n    text: 新建养老服务中心1个。\n    lead: [县卫健局]\n",
        "utf-8",
    )


def delete_plan(content: Path) -> None:
    (content / "plans" / "west-2023.yaml").unlink()


def change_theme(content: Path) -> None:
    templates = content.parent / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>'
        "<p>自定义的404页面</p>{% endblock %}",
        "utf-8",
    )


def change_site_title(content: Path) -> None:
    site = content / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("测试民生站", "另一个站"), "utf-8")


def name_an_unlisted_unit(content: Path) -> None:
    plan = content / "plans" / "east-2022.yaml"
    plan.write_text(
        plan.read_text("utf-8").replace("lead: [民政局]", "lead: [区新设服务中心]"), "utf-8"
    )


def move_as_of_date(content: Path) -> None:
    site = content / "site.yaml"
    site.write_text(
        site.read_text("utf-8").replace("as_of: 2023-06-30", "as_of: 2022-03-01"), "utf-8"
    )


def rename_plan(content: Path) -> None:
    # The plan's title shows on rows of department, category and home pages
    plan = content / "plans" / "east-2022.yaml"
    plan.write_text(
        plan.read_text("utf-8").replace("东区2022年民生实事", "东区2022年十件实事"), "utf-8"
    )


def edit_a_continued_commitment(content: Path) -> None:
    # east-2023/1 continues east-2022/2: the later commitment's page shows the earlier one
    plan = content / "plans" / "east-2022.yaml"
    text = plan.read_text("utf-8")
    plan.write_text(
        text.replace("  - no: 2\n", "  - no: 2\n    title: 幸福食堂（改）\n", 1), "utf-8"
    )


def drop_a_continuation(content: Path) -> None:
    plan = content / "plans" / "east-2023.yaml"
    plan.write_text(plan.read_text("utf-8").replace("    continues: east-2022/2\n", ""), "utf-8")


EDITS: list[Callable[[Path], None]] = [
    edit_commitment_text,
    rename_department,
    add_plan,
    delete_plan,
    change_theme,
    change_site_title,
    name_an_unlisted_unit,
    move_as_of_date,
    rename_plan,
    edit_a_continued_commitment,
    drop_a_continuation,
]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_rebuild_after_edit_equals_full_build(
    site_copy: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    live = Builder(site_copy, tmp_path / "live", options())
    before = live.build()
    assert before.stats is not None and before.stats.written > 40
    edit(site_copy)
    after = live.build()
    fresh = Builder(site_copy, tmp_path / "fresh", options())
    fresh.build()
    live_tree, fresh_tree = tree(tmp_path / "live"), tree(tmp_path / "fresh")
    assert live_tree.keys() == fresh_tree.keys()
    different = [path for path in live_tree if live_tree[path] != fresh_tree[path]]
    assert different == []
    # and the rebuild did change something, rewriting only some files
    assert after.stats is not None and 0 < after.stats.written < after.stats.files


def test_rebuild_without_edit_renders_nothing_again(site_copy: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    live = Builder(site_copy, tmp_path / "live", options(), progress=messages.append)
    live.build()
    second = live.build()
    assert second.stats is not None and second.stats.written == 0
    assert any(m.startswith("re-rendered 0 of ") for m in messages), messages


def test_warnings_are_reported_again_by_every_rebuild(site_copy: Path, tmp_path: Path) -> None:
    name_an_unlisted_unit(site_copy)
    live = Builder(site_copy, tmp_path / "live", options())
    first = [str(w) for w in live.build().warnings]
    assert any("区新设服务中心" in w for w in first), first
    # nothing changed: checking is reused, and its warnings are still reported
    assert [str(w) for w in live.build().warnings] == first
    edit_commitment_text(site_copy)
    assert [str(w) for w in live.build().warnings] == first


def test_a_rebuild_after_fixing_an_error_equals_a_full_build(
    site_copy: Path, tmp_path: Path
) -> None:
    live = Builder(site_copy, tmp_path / "live", options())
    live.build()
    plan = site_copy / "plans" / "east-2022.yaml"
    good = plan.read_text("utf-8")
    plan.write_text(good.replace("lead: [民政局]", "lead: 民政局: [x]"), "utf-8")
    with pytest.raises(ContentErrors):
        live.build()
    plan.write_text(good.replace("新建5家幸福食堂", "新建7家幸福食堂"), "utf-8")
    live.build()
    Builder(site_copy, tmp_path / "fresh", options()).build()
    assert tree(tmp_path / "live") == tree(tmp_path / "fresh")
