"""Themes: the suggestion rule (keywords as words in context, own words before the text,
the section heading only as weak evidence), the themes recorded in the bundled plans, the
`categories` field in content and open data, theme pages and `check --explain-themes`.

The mis-matches are the ones issue 17 lists, read against the plan texts by hand; the
expected themes are the hand labels of benchmarks/theme-labels.yaml.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.importer.draft import read_categories
from generator.importer.emit import load, to_plain
from generator.model import Category, suggest_categories, theme_hits
from tests.accountability.helpers import parse
from tests.conftest import ROOT

CONTENT = ROOT / "content"
CATEGORIES = read_categories(to_plain(load((CONTENT / "categories.yaml").read_text("utf-8"))))
BY_SLUG = {c.slug: c for c in CATEGORIES}
LABELS = to_plain(load((ROOT / "benchmarks" / "theme-labels.yaml").read_text("utf-8")))


def item(key: str) -> dict[str, object]:
    plan_id, no = key.split("/")
    data = to_plain(load((CONTENT / "plans" / f"{plan_id}.yaml").read_text("utf-8")))
    return next(c for c in data["commitments"] if c["no"] == int(no))


def suggested(key: str) -> tuple[str, ...]:
    c = item(key)
    return suggest_categories(
        c.get("title"), str(c["text"]), c.get("section"), CATEGORIES
    ).categories  # type: ignore[arg-type]


def test_a_keyword_inside_an_excluded_phrase_is_no_evidence() -> None:
    transport = BY_SLUG["transport"]
    assert theme_hits("搭建企业与银行融资部门沟通桥梁", transport) == 0
    assert theme_hits("新建桥梁3座", transport) == 1
    # lvyuan 48 便民办税 is not transport for its 沟通桥梁
    assert "transport" not in suggested("lvyuan-2022/48")
    assert suggested("lvyuan-2022/48")[0] == "government-services"


def test_overlapping_and_repeated_keywords_count_once() -> None:
    elderly = BY_SLUG["elderly"]
    assert theme_hits("居家养老", elderly) == 1  # not 居家养老 and 养老
    assert theme_hits("老年人体检；新建助餐点", elderly) == 2  # 老年, then 助餐
    assert theme_hits("老年人体检；老年人体检", elderly) == 1  # 老年 said again
    # Keywords close together are one mention: a hotline named in passing is not 3 themes' worth.
    assert theme_hits("依托12345政务服务热线", BY_SLUG["government-services"]) == 1
    assert theme_hits("为老年人，为老年人", elderly) == 1


def test_own_words_decide_before_the_section_heading() -> None:
    # Headings decided before: 棚改 and 老旧小区 under 生态宜居, 雨污分流 under 城市交通.
    assert suggested("lvyuan-2022/29") == ("housing",)
    assert suggested("lvyuan-2022/30") == ("housing",)
    assert suggested("lvyuan-2022/25")[0] == "urban"
    assert "transport" not in suggested("lvyuan-2022/25")
    # 青少年自我保护教育 is not 乡村振兴 for the heading it is filed under.
    assert "rural" not in suggested("lvyuan-2022/36")
    assert {"education", "childcare"} <= set(suggested("lvyuan-2022/36"))


def test_issue_mismatches_elderly_page() -> None:
    for key in ("lvyuan-2022/6", "lvyuan-2022/7"):
        assert suggested(key)[0] == "elderly", key
    assert "elderly" in suggested("jining-gaoxin-2021/2")  # 幸福食堂 among other themes
    for key in ("lvyuan-2022/51", "haizhou-2020/19"):  # 法律援助, 家政培训
        assert "elderly" not in suggested(key), key


def test_issue_mismatches_safety() -> None:
    assert suggested("nanjing-gulou-wumin/12")[0] == "public-safety"  # 社会治安, not 住房
    assert suggested("haizhou-2020/36") == ("public-safety",)  # 扫黑除恶, not 其他


def test_childcare_page_holds_what_concerns_children() -> None:
    # lvyuan 45 (民政登记认定服务) was the one item under 托育与儿童: its own words are a
    # registration service; the orphans' allowance it certifies makes children a further theme.
    assert suggested("lvyuan-2022/45")[0] == "government-services"
    for key in ("lvyuan-2022/17", "haizhou-2020/45", "changchun-xinqu-2017/21"):
        assert "childcare" in suggested(key), key


def test_rural_roads_are_on_both_theme_pages() -> None:
    for key in ("dalian-2021/12", "anqing-2019/2", "zhangjiajie-2018/29"):
        assert set(suggested(key)) == {"transport", "rural"}, key


def test_the_section_heading_is_only_a_weak_guess() -> None:
    got = suggest_categories(None, "新建2处设施", "九、着力改善生态环境", CATEGORIES)
    assert (got.categories, got.basis, got.weak) == (("environment",), "section", True)
    got = suggest_categories(None, "新建2处设施", None, CATEGORIES)
    assert (got.categories, got.basis, got.weak) == (("other",), "none", True)
    got = suggest_categories(None, "新建2处幸福食堂", "九、着力改善生态环境", CATEGORIES)
    assert (got.categories, got.basis, got.weak) == (("elderly",), "title", False)


def test_exclusions_are_tunable_per_site() -> None:
    cat = Category("x", "X", "X", ("桥梁",), exclude=("连心桥梁",))
    assert theme_hits("架设连心桥梁", cat) == 0
    assert theme_hits("架设连心桥梁，维修桥梁", cat) == 1


@pytest.mark.parametrize("plan", sorted(p.stem for p in (CONTENT / "plans").glob("*.yaml")))
def test_bundled_plans_record_the_hand_reviewed_themes(plan: str) -> None:
    data = to_plain(load((CONTENT / "plans" / f"{plan}.yaml").read_text("utf-8")))
    for c in data["commitments"]:
        assert c["categories"] == LABELS["bundled"][f"{plan}/{c['no']}"], (plan, c["no"])


def test_categories_yaml_slugs_of_earlier_urls_still_exist() -> None:
    # Theme URLs are /categories/<slug>/: every slug published before issue 17 stays.
    before = {"employment", "education", "health", "elderly", "social-assistance", "housing",
              "urban", "transport", "environment", "culture-sports", "public-safety",
              "government-services", "rural", "childcare", "disability", "other"}  # fmt: skip
    assert before <= set(BY_SLUG)


# --- content, open data, pages, check ------------------------------------------------------


def write_plan(content: Path, body: str) -> None:
    (content / "plans" / "themes.yaml").write_text(
        "id: themes\ntitle: 主题测试\ndistrict: test-east\nyear: 2024\ncommitments:\n" + body,
        "utf-8",
    )


def test_categories_errors_are_reported_with_position(site_copy: Path) -> None:
    write_plan(
        site_copy,
        "  - no: 1\n"
        "    categories: [elderly, helth, elderly]\n"
        "    text: 第一项\n"
        "  - no: 2\n"
        "    category: health\n"
        "    categories: [elderly, health]\n"
        "    text: 第二项\n",
    )
    result = CliRunner().invoke(cli, ["check", "--content", str(site_copy)])
    assert result.exit_code == 1
    out = result.output
    assert (
        "plans/themes.yaml:7:27: commitments[0].categories[1]: unknown category 'helth' "
        "(did you mean 'health'?)" in out
    )
    assert "plans/themes.yaml:7:34: commitments[0].categories[2]: 'elderly' is listed twice" in out
    assert (
        "plans/themes.yaml:10:15: commitments[1].category: category 'health' is not the first "
        "of categories (elderly)" in out
    )


def test_explain_themes_lists_weak_guesses(site_copy: Path) -> None:
    write_plan(
        site_copy,
        "  - no: 1\n"
        "    section: 一、养老服务\n"
        "    text: 新建2处设施。\n"
        "  - no: 2\n"
        "    text: 完成3项工作。\n"
        "  - no: 3\n"
        "    text: 新建幸福食堂2家。\n"
        "  - no: 4\n"
        "    categories: [health]\n"
        "    section: 一、养老服务\n"
        "    text: 完成4项工作。\n",
    )
    result = CliRunner().invoke(cli, ["check", "--content", str(site_copy), "--explain-themes"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "plans/themes.yaml: commitment 1 '新建2处设施': theme 'elderly' is a weak guess "
        "(from the section heading '一、养老服务' only)" in out
    )
    assert (
        "commitment 2 '完成3项工作': theme 'other' is a weak guess (nothing named a theme)" in out
    )
    assert "commitment 3 " not in out  # its own words name 养老
    assert "commitment 4 " not in out  # given by the editor
    assert "2 weak guesses" in out
    plain = CliRunner().invoke(cli, ["check", "--content", str(site_copy)])
    assert "weak guess" not in plain.output


def test_theme_pages_open_data_and_commitment_page(site_copy: Path, tmp_path: Path) -> None:
    write_plan(
        site_copy,
        "  - no: 1\n"
        "    categories: [elderly, health]\n"
        "    text: 为老年人免费体检。\n"
        "  - no: 2\n"
        "    categories: [health]\n"
        "    text: 新建社区卫生服务中心。\n"
        "  - no: 3\n"
        "    section: 二、养老服务\n"
        "    text: 新建2处设施。\n",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--content", str(site_copy), "--output", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    health = parse(out / "categories" / "health" / "index.html")

    main = health.find_all("main")[0]
    headings = [h.flat() for h in main.find_all("h2")]
    # the primary heading, the district groups of those mainly about the theme, then #also
    assert headings[0] == "以本主题为主的承诺" and headings[-1] == "同时涉及本主题的承诺"
    groups = main.with_class("item-group")
    primary = " ".join(a.attrs.get("href") or "" for g in groups for a in g.find_all("a"))
    also_group = main.with_class("also-group")
    also = " ".join(a.attrs.get("href") or "" for g in also_group for a in g.find_all("a"))
    assert "plans/themes/2/" in primary and "plans/themes/1/" not in primary
    assert "plans/themes/1/" in also
    elderly = parse(out / "categories" / "elderly" / "index.html")
    assert "plans/themes/1/" in " ".join(a.attrs.get("href", "") for a in elderly.find_all("a"))

    page = parse(out / "plans" / "themes" / "1" / "index.html")
    also_themes = page.with_class("also-themes")[0]
    assert also_themes.flat() == "；另涉及：医疗卫生"
    assert also_themes.find_all("a")[0].attrs["href"].endswith("categories/health/")
    assert not page.with_class("theme-basis")  # given by the editor: no guess to flag
    guessed = parse(out / "plans" / "themes" / "3" / "index.html")
    assert guessed.with_class("theme-basis")[0].flat() == "（主题仅按计划的分类标题推测）"

    records = {
        r["id"]: r
        for r in json.loads((out / "data" / "commitments.json").read_text("utf-8"))["commitments"]
    }
    assert records["themes/1"]["category"] == "elderly"
    assert records["themes/1"]["categories"] == ["elderly", "health"]
    assert records["themes/2"]["categories"] == ["health"]
    rows = list(
        csv.DictReader(io.StringIO((out / "data" / "commitments.csv").read_text("utf-8-sig")))
    )
    row = next(r for r in rows if r["id"] == "themes/1")
    assert (row["category"], row["categories"]) == ("elderly", "elderly、health")


def test_import_suggests_categories_and_names_the_weak_guesses(tmp_path: Path) -> None:
    from generator.commands.importing import import_cmd

    content = tmp_path / "content"
    content.mkdir()
    (content / "categories.yaml").write_text(
        (CONTENT / "categories.yaml").read_text("utf-8"), "utf-8"
    )
    source = tmp_path / "plan.txt"
    source.write_text(
        "示例区2023年民生实事\n"
        "一、养老服务\n"
        "1. 新建2处设施。\n"
        "2. 完善农村公路200公里。\n"
        "3. 搭建企业与银行沟通桥梁。\n",
        "utf-8",
    )
    args = [str(source), "--content", str(content), "--district", "x", "--year", "2023"]
    result = CliRunner().invoke(import_cmd, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    items = to_plain(load(result.stdout))["commitments"]
    assert [c.get("categories") for c in items] == [
        ["elderly"],  # the heading only: a weak guess
        ["transport", "rural"],
        ["elderly"],  # 沟通桥梁 is no bridge: only the heading is left, a weak guess
    ]
    assert "themes only guessed (from the heading, or none found): commitments 1, 3" in (
        result.stderr
    )
    # Without a categories.yaml there is nothing to suggest from: no categories in the draft.
    (content / "categories.yaml").unlink()
    bare = CliRunner().invoke(import_cmd, [*args, "--dry-run"])
    assert all("categories" not in c for c in to_plain(load(bare.stdout))["commitments"])
