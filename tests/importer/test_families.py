"""Plan texts of each format family, written for these tests (not the seed plans)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.importer.plan import ImportedCommitment, build_plan

FIXTURES = Path(__file__).parent / "fixtures"


def items(text: str, year: int | None = 2023) -> list[ImportedCommitment]:
    plan, _ = build_plan(text, plan_id="t", district="d", year=year)
    return plan.commitments


def targets(c: ImportedCommitment) -> list[tuple[object, ...]]:
    return [(t.value, t.unit, t.comparator, t.text) for t in c.targets]


# --- numbering styles ------------------------------------------------------------------


def test_parenthesised_numbers_without_sections() -> None:
    text = (
        "示例区2023年民生实事\n"
        "（1）新建社区食堂3个。（区民政局）\n"
        "（2）改造老旧小区12个。（区住建局、各街道）\n"
        "(3)新增停车位不少于500个。(区城管局)\n"
    )
    cs = items(text)
    assert [c.no for c in cs] == [1, 2, 3]
    assert [c.section for c in cs] == [None, None, None]
    assert cs[0].text == "新建社区食堂3个。"
    assert (cs[1].lead, cs[1].support) == (["区住建局"], ["各街道"])
    assert targets(cs[2]) == [(500, "个", ">=", "不少于500个")]


def test_di_xiang_numbering_with_labels_inside_text() -> None:
    text = (
        "第一项 建设口袋公园10个。牵头单位：区城管局；配合单位：区住建局、各街道\n"
        "第二项 新增公办学位1200个。牵头单位：区教育局\n"
    )
    cs = items(text)
    assert [c.no for c in cs] == [1, 2]
    assert cs[0].text == "建设口袋公园10个。"
    assert cs[0].lead == ["区城管局"]
    assert cs[0].support == ["区住建局", "各街道"]
    assert cs[1].text == "新增公办学位1200个。"
    assert cs[1].lead == ["区教育局"] and cs[1].support == []
    assert targets(cs[1]) == [(1200, "个", "=", "1200个")]


def test_sections_are_told_apart_from_items_with_fullwidth_numbers() -> None:
    text = (
        "一、教育方面\n"
        "１．新建幼儿园２所，新增学位６００个。（区教育局）\n"
        "２．开展教师培训３０场以上。（区教育局、区人社局）\n"
        "二、养老方面\n"
        "３．新增养老床位２００张。（区民政局）\n"
    )
    cs = items(text)
    assert [c.no for c in cs] == [1, 2, 3]
    assert [c.section for c in cs] == ["一、教育方面", "一、教育方面", "二、养老方面"]
    assert cs[0].text == "新建幼儿园２所，新增学位６００个。"  # original digits kept
    assert targets(cs[0]) == [(2, "所", "=", "２所"), (600, "个", "=", "６００个")]
    assert (cs[1].lead, cs[1].support) == (["区教育局"], ["区人社局"])
    assert targets(cs[1]) == [(30, "场", ">=", "３０场以上")]


def test_chinese_numbered_items_with_labelled_lines_and_qualifiers() -> None:
    text = (
        "某高新区2022年重点民生项目清单\n"
        "一、提升养老服务能力。\n"
        "新增社区老年人日间照料中心2处，新增护理床位100张。\n"
        "完成时限：2022年6月底取得阶段性成效，12月底前完成\n"
        "牵头部门：党政办公室(政法)、社会事务局\n"
        "配合部门：财政金融局、各街道\n"
        "二、保障食品安全。\n"
        "实现监督检查全覆盖。\n"
        "完成时间：2022年11月底取得阶段性成效，长期坚持\n"
        "主办单位：市场监督管理局\n"
        "协办单位：公安分局\n"
        "共同责任单位：各街道\n"
    )
    cs = items(text, year=None)
    assert [c.no for c in cs] == [1, 2]
    first, second = cs
    assert first.title == "提升养老服务能力"
    assert first.text == "新增社区老年人日间照料中心2处，新增护理床位100张。"
    assert first.lead == ["党政办公室(政法)", "社会事务局"]
    assert first.support == ["财政金融局", "各街道"]
    assert first.deadline is not None
    assert first.deadline.date == dt.date(2022, 12, 31)
    assert [(m.date, m.text) for m in first.deadline.milestones] == [
        (dt.date(2022, 6, 30), "2022年6月底取得阶段性成效")
    ]
    assert targets(first) == [(2, "处", "=", "2处"), (100, "张", "=", "100张")]
    assert second.lead == ["市场监督管理局"]
    assert second.support == ["公安分局", "各街道"]
    assert second.deadline is not None
    assert second.deadline.date is None and second.deadline.ongoing
    assert second.deadline.text == "2022年11月底取得阶段性成效，长期坚持"


def test_lead_label_and_responsible_label_both_present() -> None:
    text = "1. 改造农贸市场3个。（牵头单位：区商务局；责任单位：区市场监管局、各镇（街道））\n"
    (c,) = items(text)
    assert c.text == "改造农贸市场3个。"
    assert c.lead == ["区商务局"]
    assert c.support == ["区市场监管局", "各镇(街道)"]


def test_responsible_label_alone_leads_and_scope_alone_leads() -> None:
    text = (
        "1、完善便民服务中心功能;(责任单位:区行政审批局、区大数据中心)\n"
        "2、对违法建筑进行集中拆除;(各开发区)\n"
        "3、提升社区服务水平;(各开发区、区民政局)\n"
    )
    cs = items(text)
    assert (cs[0].lead, cs[0].support) == (["区行政审批局", "区大数据中心"], [])
    assert (cs[1].lead, cs[1].support) == (["各开发区"], [])
    assert (cs[2].lead, cs[2].support) == (["区民政局"], ["各开发区"])
    assert cs[0].text == "完善便民服务中心功能"  # the list ";" before the parentheses is dropped


# --- run-together items ----------------------------------------------------------------


def test_yishi_erhsi_run_together_in_one_paragraph() -> None:
    text = (
        "示例县2023年为民办实事\n"
        "今年重点办好三件实事：一是新增学位不少于800个;二是改造农村公路50公里;"
        "三是为1000名老人提供助餐服务。\n"
    )
    cs = items(text)
    assert [c.no for c in cs] == [1, 2, 3]
    assert [c.text for c in cs] == [
        "新增学位不少于800个;",
        "改造农村公路50公里;",
        "为1000名老人提供助餐服务。",
    ]
    assert targets(cs[0]) == [(800, "个", ">=", "不少于800个")]
    assert targets(cs[1]) == [(50, "公里", "=", "50公里")]


def test_numbered_items_run_together_after_a_numbered_line() -> None:
    text = (
        "1.新建公厕5座（区城管局）。2.新增停车位300个（区住建局）。3.建设充电桩40处（区发改局）。\n"
    )
    cs = items(text)
    assert [c.no for c in cs] == [1, 2, 3]
    assert [c.lead for c in cs] == [["区城管局"], ["区住建局"], ["区发改局"]]
    assert cs[1].text == "新增停车位300个"
    assert targets(cs[2]) == [(40, "处", "=", "40处")]


def test_parenthesised_items_run_together_in_a_paragraph() -> None:
    text = "主要任务如下：(1)培训农民工2000人次;(2)发放创业担保贷款5000万元;(3)举办招聘会20场。\n"
    cs = items(text)
    assert [c.no for c in cs] == [1, 2, 3]
    assert targets(cs[0]) == [(2000, "人次", "=", "2000人次")]
    assert targets(cs[1]) == []  # a loan sum is money allocated, not a target


def test_intro_mentioning_item_titles_is_not_an_item() -> None:
    text = (
        "今年我们将重点做好“新建幼儿园”“改造老旧小区”等民生实事，一是保基本，二是兜底线。\n"
        "1. 新建幼儿园4所。（区教育局）\n"
        "2. 改造老旧小区20个。（区住建局）\n"
    )
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    assert [c.no for c in plan.commitments] == [1, 2]
    assert [c.text for c in plan.commitments] == ["新建幼儿园4所。", "改造老旧小区20个。"]
    assert outline.preamble[0].no == 1
    assert outline.unplaced == []


# --- tables ----------------------------------------------------------------------------


def test_pipe_table() -> None:
    text = (
        "序号 | 项目 | 主要内容 | 责任单位 | 完成时限\n"
        "1 | 就业服务 | 城镇新增就业1.2万人 | 区人社局、各街道 | 2023年12月底\n"
        "2 | 托育服务 | 新增托位不少于300个 | 区卫健局 | 2023年6月30日\n"
    )
    cs = items(text)
    assert [c.no for c in cs] == [1, 2]
    assert cs[0].title == "就业服务"
    assert cs[0].text == "城镇新增就业1.2万人"
    assert (cs[0].lead, cs[0].support) == (["区人社局"], ["各街道"])
    assert cs[0].deadline is not None and cs[0].deadline.date == dt.date(2023, 12, 31)
    assert targets(cs[0]) == [(12000, "人", "=", "1.2万人")]
    assert cs[1].deadline is not None and cs[1].deadline.date == dt.date(2023, 6, 30)


def test_one_cell_per_line_table() -> None:
    text = (FIXTURES / "cell_table.txt").read_text(encoding="utf-8")
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    cs = plan.commitments
    assert [c.no for c in cs] == [1, 2, 3]
    assert cs[0].title == "学前教育扩容"
    assert cs[0].text == "新建幼儿园3所，新增学位不少于900个"
    # Several departments of one 责任单位 cell on separate lines: a 责任单位 label leads.
    assert (cs[0].lead, cs[0].support) == (["县教育局", "县住建局"], [])
    assert cs[0].deadline is not None and cs[0].deadline.date == dt.date(2023, 9, 30)
    assert targets(cs[0]) == [(3, "所", "=", "3所"), (900, "个", ">=", "不少于900个")]
    assert cs[1].deadline is not None and cs[1].deadline.date == dt.date(2023, 11, 30)
    assert (cs[2].lead, cs[2].support) == (["县民政局"], ["各乡镇"])
    assert cs[2].deadline is not None and cs[2].deadline.ongoing
    assert plan.title == "某县2023年民生实事项目表"
    assert [ln.no for ln in outline.noise] == [1, 25]


# --- noise -----------------------------------------------------------------------------


def test_page_break_page_number_and_navigation_are_handled() -> None:
    text = (
        "当前位置：首页 > 信息公开 > 正文\n"
        "示例区2023年民生实事\n"
        "1. 新建社区卫生服务站 4 个，为\n"
        "\n"
        "- 2 -\n"
        "\n"
        "65 岁以上老人免费体检。（区卫健局）\n"
        "2. 城镇新增就业 0.8 万人。（区人社局）\n"
        "以上实事请各单位认真抓好落实。\n"
        "上一篇：关于开展安全检查的通知\n"
    )
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    first, second = plan.commitments
    assert first.text == "新建社区卫生服务站 4 个，为65 岁以上老人免费体检。"
    assert first.lead == ["区卫健局"]
    assert targets(first) == [(4, "个", "=", "4 个")]
    assert targets(second) == [(8000, "人", "=", "0.8 万人")]
    assert [ln.no for ln in outline.unplaced] == [9]
    assert {ln.no for ln in outline.noise} == {1, 5, 10}


def test_traditional_characters_match_but_text_is_kept() -> None:
    text = "一、養老服務\n1. 新建社區食堂5個，新增養老床位不少於200張。（區民政局）\n"
    (c,) = items(text)
    assert c.section == "一、養老服務"
    assert c.text == "新建社區食堂5個，新增養老床位不少於200張。"
    assert c.lead == ["区民政局"]  # names are matched (and written) in Simplified form
    assert targets(c) == [(5, "个", "=", "5個"), (200, "张", ">=", "不少於200張")]


def test_numbering_restarting_in_sections_is_renumbered() -> None:
    text = "一、教育\n1. 新建学校1所。（区教育局）\n二、医疗\n1. 新建医院1所。（区卫健局）\n"
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    assert [c.no for c in plan.commitments] == [1, 2]
    assert [c.section for c in plan.commitments] == ["一、教育", "二、医疗"]
    assert any("renumbered" in w for w in outline.warnings)


def test_plan_metadata_from_notice_and_signature() -> None:
    text = (
        "示政发〔2023〕7号\n"
        "区政府关于印发2023年示例区民生实事实施方案的通知\n"
        "各街道办事处：\n"
        "现将方案印发给你们。\n"
        "示例区人民政府\n"
        "2023年2月28日\n"
        "1. 新建公园2个。（区住建局）\n"
    )
    plan, _ = build_plan(text, plan_id="t", district="d", year=None)
    assert plan.title == "2023年示例区民生实事实施方案"
    assert plan.year == 2023
    assert plan.document_number == "示政发〔2023〕7号"
    assert plan.issuer == "示例区人民政府"
    assert plan.published == dt.date(2023, 2, 28)
    assert plan.source["title"] == "区政府关于印发2023年示例区民生实事实施方案的通知"


def test_running_page_headers_are_dropped() -> None:
    header = "示例区人民政府文件"
    text = (
        f"{header}\n示例区2023年民生实事\n1. 新建公园2个。（区住建局）\n{header}\n"
        f"2. 新增学位500个。（区教育局）\n{header}\n3. 新增床位100张。（区民政局）\n"
    )
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    assert [c.no for c in plan.commitments] == [1, 2, 3]
    assert [ln.no for ln in outline.noise] == [1, 4, 6]
    assert outline.unplaced == []
    assert plan.title == "示例区2023年民生实事"
