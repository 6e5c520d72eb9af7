"""Normalisation, departments, deadlines and targets on their own."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.importer.deadlines import deadline_in_text, parse_deadline
from generator.importer.departments import (
    Registry,
    assign_roles,
    parse_unit_spec,
    split_trailing_units,
)
from generator.importer.structure import cn_number, marker
from generator.importer.targets import find_targets
from generator.importer.text import fold, is_noise, to_halfwidth


def test_fold_maps_back_to_the_original() -> None:
    f = fold("城镇新增就业 0.8 万人，１２３個")
    assert f.text == "城镇新增就业0.8万人,123个"
    start = f.text.index("0.8")
    assert f.span(start, start + len("0.8万人")) == "0.8 万人"
    assert f.span(f.text.index("123"), len(f.text)) == "１２３個"


def test_halfwidth() -> None:
    assert to_halfwidth("（１）：；，ＡＢ　") == "(1):;,AB "


@pytest.mark.parametrize(
    "line",
    ["首页 > 新闻 > 正文", "- 3 -", "第2页 / 共4页", "12", "Copyright © 2020", "上一篇:某某",
     "抄送:区委各部门", "吉ICP备05002096号", "责任编辑:张三"],
)  # fmt: skip
def test_noise_lines(line: str) -> None:
    assert is_noise(fold(line).text)


@pytest.mark.parametrize("line", ["1. 新建公园2个。", "一、就业创业方面", "牵头单位:区教育局"])
def test_content_is_not_noise(line: str) -> None:
    assert not is_noise(fold(line).text)


@pytest.mark.parametrize(
    ("line", "style", "number"),
    [
        ("1、新建", "ar_dun", 1),
        ("12.新建", "ar_dot", 12),
        ("3．新建", "ar_dot", 3),
        ("（4）新建", "ar_paren", 4),
        ("(5)新建", "ar_paren", 5),
        ("十一、便民", "cn_dun", 11),
        ("（二十）便民", "cn_paren", 20),
        ("第三项 新建", "di", 3),
        ("二是加强", "yishi", 2),
    ],
)
def test_markers(line: str, style: str, number: int) -> None:
    found = marker(fold(line).text)
    assert found is not None and found[:2] == (style, number)


@pytest.mark.parametrize("line", ["2022年建设幸福绿园", "0.8万人", "一是", "12345热线"])
def test_not_markers(line: str) -> None:
    assert marker(fold(line).text) is None


def test_chinese_numbers() -> None:
    assert [cn_number(s) for s in ["一", "十", "十一", "二十", "二十二", "一百零五"]] == [
        1, 10, 11, 20, 22, 105
    ]  # fmt: skip


# --- departments -----------------------------------------------------------------------


def test_trailing_units_in_either_width() -> None:
    assert split_trailing_units("新建公园2个。（区住建局）") == ("新建公园2个。", "区住建局")
    assert split_trailing_units("新建公园2个;(人社局、各开发区)") == (
        "新建公园2个",
        "人社局、各开发区",
    )
    assert split_trailing_units("中小学校(幼儿园)等实施加密补点") == (
        "中小学校(幼儿园)等实施加密补点",
        None,
    )
    assert split_trailing_units("完成计划(2020年)") == ("完成计划(2020年)", None)


def test_qualifiers_stay_part_of_names() -> None:
    (group,) = parse_unit_spec("党政办公室(政法)、发展软环境保障局（城乡统筹发展）、各街道")
    assert group.units == ["党政办公室(政法)", "发展软环境保障局(城乡统筹发展)", "各街道"]


def test_labelled_groups_inside_parentheses() -> None:
    groups = parse_unit_spec("牵头单位：区卫健委；协同单位：区医保局；配合单位：各镇、各街道")
    assert [(g.label, g.units) for g in groups] == [
        ("牵头单位", ["区卫健委"]),
        ("协同单位", ["区医保局"]),
        ("配合单位", ["各镇", "各街道"]),
    ]
    assert assign_roles(groups) == (["区卫健委"], ["区医保局", "各镇", "各街道"])


def test_registry_aliases_and_scopes() -> None:
    data = {
        "x": {
            "scopes": ["各开发区"],
            "departments": [{"name": "区人社局", "aliases": ["人社局", "区人力资源和社会保障局"]}],
        }
    }
    registry = Registry.from_mapping(data, "x")
    assert registry.knows("人社局") and registry.knows("區人社局") and registry.knows("各开发区")
    assert not registry.knows("区教育局")
    assert registry.is_scope("各镇(街道)")  # by its form, even when not listed
    assert not Registry.from_mapping(data, "y").knows("人社局")


# --- deadlines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "date"),
    [
        ("2021年12月底", dt.date(2021, 12, 31)),
        ("年底前", dt.date(2023, 12, 31)),
        ("12月底", dt.date(2023, 12, 31)),
        ("9月30日前", dt.date(2023, 9, 30)),
        ("2024年2月底", dt.date(2024, 2, 29)),
        ("上半年", dt.date(2023, 6, 30)),
        ("第三季度", dt.date(2023, 9, 30)),
        ("2023-10-15", dt.date(2023, 10, 15)),
    ],
)
def test_deadline_dates(wording: str, date: dt.date) -> None:
    d = parse_deadline(wording, 2023)
    assert (d.date, d.ongoing, d.text) == (date, False, wording)


def test_deadline_ongoing_and_milestones() -> None:
    d = parse_deadline("长期坚持", 2023)
    assert d.date is None and d.ongoing and d.milestones == []
    d = parse_deadline("6月底取得阶段性成效,12月底前完成", 2021)
    assert d.date == dt.date(2021, 12, 31)
    assert [(m.date, m.text) for m in d.milestones] == [
        (dt.date(2021, 6, 30), "6月底取得阶段性成效")
    ]
    d = parse_deadline("按计划推进", 2023)
    assert d.date is None and not d.ongoing and not d.resolved


def test_deadline_phrase_in_text() -> None:
    d = deadline_in_text("力争年底前机械化清扫率达到 85%", 2022)
    assert d is not None and (d.date, d.text) == (dt.date(2022, 12, 31), "年底前")
    assert deadline_in_text("6月底前完成选址，年底前建成", 2022) is None  # two phrases
    assert deadline_in_text("新建公园2个", 2022) is None


# --- targets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开发就业岗位不少于6500个", [("开发就业岗位", 6500, "个", ">=", "不少于6500个")]),
        ("城市社区比例达到75%", [("城市社区比例", 75, "%", ">=", "达到75%")]),
        ("新建6个", [("新建", 6, "个", "=", "6个")]),
        ("城镇新增就业 0.8 万人", [("城镇新增就业", 8000, "人", "=", "0.8 万人")]),
        ("举办招聘会20场以上", [("举办招聘会", 20, "场", ">=", "20场以上")]),
        ("开展群众文化活动200多场", [("开展群众文化活动", 200, "场", ">", "200多场")]),
        ("失业率控制在3.5%以内", [("失业率", 3.5, "%", "<=", "控制在3.5%以内")]),
        ("发放手环约100个", [("发放手环", 100, "个", "~", "约100个")]),
        ("救助比例由75%提高到80%", [("救助比例", 80, "%", "=", "80%")]),
        ("投入300余万元", []),  # money invested is the means, not a target
    ],
)
def test_targets(text: str, expected: list[tuple[object, ...]]) -> None:
    found = [(t.label, t.value, t.unit, t.comparator, t.text) for t in find_targets(text)]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "2022年6月底完成",
        "为60周岁以上老人",
        "开通12345热线",
        "第4期培训",
        "提供“24小时”服务",
        "0-6岁儿童",
    ],
)
def test_not_targets(text: str) -> None:
    assert find_targets(text) == []
