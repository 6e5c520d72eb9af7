"""The families of real plan texts (docs/import.md), each on a short text written for the
test: flattened tables, numbering grammar, choosing the list, the end of the list,
progress wording, PDF text, titles and mirror-site noise."""

from __future__ import annotations

import datetime as dt

from generator.importer.plan import ImportedCommitment, build_plan
from generator.importer.structure import parse


def items(text: str, year: int | None = 2023) -> list[ImportedCommitment]:
    plan, _ = build_plan(text, plan_id="t", district="d", year=year)
    return plan.commitments


def texts(cs: list[ImportedCommitment]) -> list[str]:
    return [c.text for c in cs]


# --- 1. flattened tables ----------------------------------------------------------------


def test_one_cell_per_line_with_pipes_unknown_headers_and_sub_rows() -> None:
    text = (
        "示例区2023年民生实事进度表 |\n序号 |\n实事项目名称 |\n责任单位 |\n目标任务 |\n当前进度 |\n备注 |\n"
        "1 |\n新建社区食堂 |\n区民政局 |\n8个 |\n60% |\n|\n"
        "2 |\n改造老旧小区 |\n区住建局 |\n12个 |\n|\n"
        "3 |\n提升就业服务 |\n开展技能培训 |\n区人社局 |\n500人次 |\n300 |\n"
        "新增公益岗位 |\n区人社局 |\n120个 |\n3 |\n"
    )
    cs = items(text)
    assert [c.no for c in cs] == [1, 2, 3]  # "3 |" inside row 3 is a cell, not row 3 again
    assert texts(cs) == ["新建社区食堂", "改造老旧小区", "提升就业服务"]
    assert [c.lead for c in cs] == [["区民政局"], ["区住建局"], ["区人社局"]]
    assert cs[0].targets == []  # 60% is progress
    assert cs[0].extra["当前进度"] == "60%"  # an unknown header is kept as a note


def test_one_row_per_line_with_spaces_and_continuation_rows() -> None:
    text = (
        "序号 项目名称 责任单位 目标 完成率 备注\n"
        "1 农村饮水提升 区水利局 900人 80%\n"
        "2 养老床位建设 区民政局 120张 50%\n"
        "3 社会保障提标 提高低保标准 区民政局 100%\n"
        "提高特困供养标准 区财政局 100%\n"
    )
    cs = items(text)
    assert texts(cs) == ["农村饮水提升", "养老床位建设", "社会保障提标"]
    assert [c.lead for c in cs] == [["区水利局"], ["区民政局"], ["区民政局", "区财政局"]]


def test_bare_row_numbers_are_not_page_numbers() -> None:
    text = (
        "序号\n\n项目\n\n得票\n\n1\n\n学位扩容\n\n28\n\n2\n\n道路改造\n\n30\n\n3\n\n菜场改造\n\n1\n"
    )
    cs = items(text)
    assert texts(cs) == ["学位扩容", "道路改造", "菜场改造"]


# --- 2. numbering grammar ---------------------------------------------------------------


def test_run_in_numbers_after_a_colon_and_circled_numbers() -> None:
    cs = items("今年办好三件实事:1.新建公园2个。2.新增学位600个。3.改造道路8公里。\n")
    assert texts(cs) == ["新建公园2个。", "新增学位600个。", "改造道路8公里。"]
    cs = items("①新建公园2个;②新增学位600个;③改造道路8公里。\n")
    assert len(cs) == 3 and cs[2].text.startswith("改造道路")


def test_bare_number_lines_with_title_lines_and_sections() -> None:
    text = (
        "示例县2023年十件实事如下\n十大工程\n1\n\n道路提升\n改造县道12公里。\n2\n\n供水改造\n"
        "新建水厂1座。\n3\n\n污水治理\n新建管网9公里。\n民生实事\n1\n\n新建幼儿园2所。\n2\n"
    )
    cs = items(text)
    assert [c.no for c in cs] == [1, 2, 3, 4]  # the last bare number has no text
    assert [c.title for c in cs[:3]] == ["道路提升", "供水改造", "污水治理"]
    assert [c.section for c in cs] == ["十大工程"] * 3 + ["民生实事"]


def test_number_and_space_before_the_item() -> None:
    text = "确定以下3项为年度民生实事:\n  1 实施10条道路畅通工程;\n  2 建设5所幼儿园;\n  3 实施老旧小区改造。\n记者 王某\n"
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    assert texts(plan.commitments) == [
        "实施10条道路畅通工程;",
        "建设5所幼儿园;",
        "实施老旧小区改造。",
    ]
    assert [ln.no for ln in outline.closing] == [5]


def test_enumerations_split_by_the_stated_count() -> None:
    text = (
        "今年新增的项目有4个:社区食堂、口袋公园、停车设施和公共厕所建设。"
        "这3项重点工程为:城东供水管网、加压站、水厂扩建工程、城西道路建设工程、体育场建设工程。\n"
    )
    cs = items(text)
    assert texts(cs) == ["社区食堂", "口袋公园", "停车设施", "公共厕所建设",
                         "城东供水管网、加压站、水厂扩建工程", "城西道路建设工程",
                         "体育场建设工程"]  # fmt: skip


def test_semicolon_list_and_quoted_names_and_guillemet_titles() -> None:
    cs = items(
        "这四件实事分别是:新建学校2所,新增学位900个;改造道路5公里;新建公园1个;新增床位80张。\n"
    )
    assert len(cs) == 4 and cs[0].text == "新建学校2所,新增学位900个"
    cs = items('十大项目包括:“新建城东大桥”、“实施供水改造(二期)"、“新建3所幼儿园”等。\n')
    assert texts(cs) == ["新建城东大桥", "实施供水改造(二期)", "新建3所幼儿园"]
    assert all(c.lead == [] for c in cs)  # a parenthesis of a name is not a unit
    cs = items("方案包括《新建学校2所》《新增床位100张》《改造道路5公里》3个实事方案。\n")
    assert texts(cs) == ["新建学校2所", "新增床位100张", "改造道路5公里"]


def test_unnumbered_lines_after_an_introduction() -> None:
    text = "主要进度如下:\n新建公园5个(2021—2023年)。已完成3个。\n改造道路20公里。已完工。\n新增床位100张。\n"
    cs = items(text, year=2021)
    assert texts(cs)[1:] == ["改造道路20公里。已完工。", "新增床位100张。"]
    assert cs[0].title == "新建公园5个"
    assert cs[0].deadline is not None and cs[0].deadline.text == "2021—2023年"
    assert cs[0].deadline.date == dt.date(2023, 12, 31)


# --- 3. choosing the real list ----------------------------------------------------------


def test_a_ranking_and_category_headings_are_not_the_list() -> None:
    text = "一、社会保障(2项)\n1.提高低保标准。(牵头单位:市民政局)\n2.新增养老床位200张。(牵头单位:市民政局)\n"
    cs = items(text)
    assert [c.section for c in cs] == ["一、社会保障(2项)"] * 2
    assert [c.lead for c in cs] == [["市民政局"], ["市民政局"]]
    ranking = "考核排名:1、甲县;2、乙县;3、丙县。\n"
    assert items(ranking) == []


def test_the_stated_count_picks_the_enumeration_over_status_groups() -> None:
    text = (
        "一是已完成的项目3个。分别为:社区食堂、口袋公园、停车设施。"
        "二是有进度的项目2个。分别为:公共厕所、农贸市场。三是前期工作项目1个。\n"
    )
    cs = items(text)
    assert texts(cs) == ["社区食堂", "口袋公园", "停车设施", "公共厕所", "农贸市场"]


def test_category_headings_over_unnumbered_lines() -> None:
    text = (
        "具体如下:\n一、安居\n旧房整治10万平方米。\n加装电梯50台。\n二、养老\n新增床位100张。\n"
        "新增助餐点4个。\n三、就业\n培训500人次。\n对以上实事项目,如有意见请来电。\n"
    )
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    cs = plan.commitments
    assert len(cs) == 5 and cs[4].text == "培训500人次。"
    assert [c.section for c in cs] == ["一、安居"] * 2 + ["二、养老"] * 2 + ["三、就业"]
    assert [ln.no for ln in outline.unplaced] == [10]


# --- 4. where the list ends -------------------------------------------------------------


def test_closing_formula_signature_and_cc_are_reported() -> None:
    text = (
        "示例区2023年民生实事\n一、新增学位600个;\n二、改造道路8公里;\n三、新建公园2个。\n"
        "特此公告。\n示例区人民代表大会主席团\n2023年1月20日\n抄送:区委办公室\n"
    )
    plan, outline = build_plan(text, plan_id="t", district="d", year=None)
    assert texts(plan.commitments)[-1] == "新建公园2个。"
    assert [ln.no for ln in outline.closing] == [5, 6, 7, 8]
    assert plan.issuer == "示例区人民代表大会主席团"
    assert plan.published == dt.date(2023, 1, 20)


def test_follow_up_prose_after_one_line_items_is_not_the_last_item() -> None:
    text = "1、新增学位600个。\n2、改造道路8公里。\n3、新建公园2个。\n各单位要加强协调,确保按期完成。\n"
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    assert texts(plan.commitments)[-1] == "新建公园2个。"
    assert [ln.no for ln in outline.unplaced] == [4]


def test_nothing_is_silently_dropped() -> None:
    text = (
        "当前位置:首页>正文\n示例区2023年民生实事\n2023-01-05 10:00:00 来源:示例网\n"
        "1、新增学位600个。(区教育局)\n- 2 -\n2、改造道路8公里。(区交通局)\n"
        "下一步,各单位要抓好落实。\n(记者 某某)\n"
    )
    outline = parse(text)
    placed = {ln.no for ln in outline.preamble + outline.noise + outline.closing + outline.unplaced}
    placed |= {b.line for b in outline.blocks}
    assert placed == set(range(1, 9)) - {9}
    assert [ln.no for ln in outline.unplaced] == [7]
    assert [ln.no for ln in outline.closing] == [8]


# --- 5. progress wording in a plan ------------------------------------------------------


def test_completion_rates_are_not_targets_and_spaced_units_keep_quantities() -> None:
    (c,) = items("1.新建绿地3567万 平方米,完成率80%,已完成120万平方米。\n")
    assert [(t.value, t.unit) for t in c.targets] == [(35_670_000, "平方米")]


# --- 6. PDF text ------------------------------------------------------------------------


def test_radical_lookalikes_are_repaired_and_a_lead_column_is_read() -> None:
    text = "(一) 城乡救助项目\n为困难群众发放 救助金. 区⺠政局 ―\n(二) 养老项目\n为老人发放补贴. 区⼈社局\n"
    cs = items(text)
    assert [c.lead for c in cs] == [["区民政局"], ["区人社局"]]
    assert cs[0].text == "为困难群众发放 救助金."


# --- 7. titles --------------------------------------------------------------------------


def test_no_title_is_invented_from_a_first_clause() -> None:
    cs = items("1、根据市里部署,新建社区食堂3个。\n2、为方便居民,新增便民服务点5个。\n")
    assert [c.title for c in cs] == [None, None]
    cs = items("(一)住房保障\n新建安置房60万平方米。\n(二)居住改善\n改造老旧小区15个。\n")
    assert [c.title for c in cs] == ["住房保障", "居住改善"]


# --- 8. mirror-site noise ---------------------------------------------------------------


def test_pinyin_residue_is_removed_and_traditional_text_kept() -> None:
    text = "一、新增(xīn)養老床位200張(zhāng);\n二、改造道路(lù)8公里;\n三、新建公園2個。\n"
    plan, outline = build_plan(text, plan_id="t", district="d", year=2023)
    assert texts(plan.commitments) == ["新增養老床位200張;", "改造道路8公里;", "新建公園2個。"]
    assert outline.cleaned == 2
    assert [(t.value, t.unit) for t in plan.commitments[0].targets] == [(200, "张")]
