"""Targets as a Chinese reader writes numbers: in the unit the source used (62亿元, 6.19万平方米),
no space before %, comparators in words (6场以上, 不少于50处), and the original wording only
where the shown form differs from it. Expected strings were written by hand from the sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.i18n import Translator
from generator.model import Target
from generator.render import format_number, format_target
from tests.site.html_tree import parse_file

ZH = Translator("zh-CN")
EN = Translator("en")


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        (Target("财政收入", 6200000000, "元", "=", "62亿元"), "62亿元"),
        (Target("校舍面积", 61900, "平方米", "=", "6.19万平方米"), "6.19万平方米"),
        (Target("城镇新增就业", 8000, "人", "=", "0.8 万人"), "0.8万人"),
        (Target("新增就业岗位", 20220, "个", "=", "20220个"), "2.022万个"),  # ≥ 10,000
        (Target("近视率", 10, "%", "=", "10%"), "10%"),
        (Target("招聘会", 6, "场", ">=", "6 场以上"), "6场以上"),
        (Target("充电设施", 50, "处", ">=", "不少于50处"), "不少于50处"),
        (Target("群众文化活动", 200, "场", ">", "200多场"), "200多场"),
        (Target("失业率", 2, "%", "<=", "控制在2%以内"), "控制在2%以内"),  # the plan's words
        (Target("全年安置", 4000, "人", ">=", "不低于4000人"), "不低于4000人"),
        (Target("比例", 75, "%", ">=", "达到75%"), "达到75%"),
        (Target("清扫率", 90, "%", ">=", "达到90%以上"), "达到90%以上"),
        (Target("标准", 10, "%", ">=", "10%"), "不少于10%"),  # no word of its own: the catalog's
        (Target("失业率", 3.5, "%", "<=", "3.5%以下"), "3.5%以下"),
        (Target("失业率", 5.5, "%", "<=", "不超过5.5%"), "不超过5.5%"),
        (Target("手环", 100, "个", "~", "约100个"), "约100个"),
        (Target("学位", 2000, "个", "~", "2000个左右"), "2000个左右"),
        (Target("比率", 80, "%", ">", "超过80%"), "超过80%"),
        (Target("新增城镇就业", 15000, "人", "=", "1.5万人", aim=True), "力争1.5万人"),
        (Target("手写的目标", 7, "座", "="), "7座"),  # no wording recorded
    ],
)
def test_chinese_number_display(target: Target, shown: str) -> None:
    assert format_target(ZH, target) == shown


def test_english_number_display() -> None:
    assert format_target(EN, Target("x", 6200000000, "元", "=", "62亿元")) == "6.2 billion 元"
    assert format_target(EN, Target("x", 8000, "人", ">=", "0.8万人以上")) == "at least 8,000 人"
    assert (
        format_target(EN, Target("x", 10, "%", "~", "10%左右", aim=True)) == "aiming for about 10%"
    )
    assert format_number(EN, 61900, "平方米") == "61,900 平方米"
    assert format_number(ZH, 61900, "平方米") == "6.19万平方米"  # no scale written: ≥ 10,000


def _targets(output: Path, page: str) -> list[str]:
    doc = parse_file(output, output / page / "index.html")
    return [
        " ".join(li.text().split())
        for ul in doc.find_all("ul", "targets")
        for li in ul.find_all("li")
    ]


def test_bundled_pages_show_targets_as_the_sources_write_them(bundled_output: Path) -> None:
    assert _targets(bundled_output, "plans/nanjing-gulou-wumin/1")[:3] == [
        "财政收入：力争62亿元",
        "财政收入增长：13%",
        "财政收入增长：力争20%",
    ]
    haizhou = _targets(bundled_output, "plans/haizhou-2020/1")
    assert "新增校舍面积：6.19万平方米" in haizhou
    lvyuan_1 = _targets(bundled_output, "plans/lvyuan-2022/1")
    assert lvyuan_1 == ["全年举办高校毕业生来（留）长招聘会：6场以上"]
    lvyuan_5 = _targets(bundled_output, "plans/lvyuan-2022/5")
    assert (
        lvyuan_5[0]
        == "城乡特困供养人员基本生活标准：不低于1.5倍 （原文：不低于上年度城乡低保标准的 1.5 倍）"
    )
    assert lvyuan_5[2] == "半失能特困人员照料护理补贴标准：不少于25% （原文：25%）"


def test_no_target_anywhere_shows_a_symbol_a_spaced_percent_or_an_equal_original(
    bundled_output: Path,
) -> None:
    count = 0
    for page in sorted((bundled_output / "plans").glob("*/*/index.html")):
        doc = parse_file(bundled_output, page)
        for ul in doc.find_all("ul", "targets"):
            for li in ul.find_all("li"):
                text = li.text()
                count += 1
                assert not re.search(r"[≥≤<>=]|\d\s+%", text), (page, text)
                shown = li.find("strong").text()
                original = re.search(r"（原文：(.*)）", text)
                if original:
                    assert re.sub(r"\s", "", original.group(1)) != re.sub(r"\s", "", shown)
                assert not re.search(r"\d{5,}", shown), (page, text)  # 万/亿 from 10,000 on
    assert count > 200


def test_open_data_says_which_targets_are_aims(bundled_output: Path) -> None:
    import json

    data = json.loads((bundled_output / "data" / "commitments.json").read_text("utf-8"))
    by_id = {c["id"]: c for c in data["commitments"]}
    first = by_id["haizhou-2020/16"]["targets"][0]  # 力争全年新增城镇就业1.5万人
    assert (first["value"], first["unit"], first["aim"]) == (15000, "人", True)
    assert all(t["aim"] is False for t in by_id["lvyuan-2022/2"]["targets"])
