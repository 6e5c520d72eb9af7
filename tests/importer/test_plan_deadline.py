"""A plan-level deadline from the plan's closing words (issue 16): 确保年底圆满完成各项既定
工作目标 gives every item one deadline, so the importer writes it once at plan level instead
of leaving each item to the implied year end."""

from __future__ import annotations

import datetime as dt

from generator.importer.emit import plan_yaml
from generator.importer.plan import build_plan

ITEMS = """2019年民生实事行动计划

一、就业

1、新增就业岗位500个;(人社局)

2、培训农民工300人次。(人社局)

二、教育

3、新建幼儿园2所。(教育局)
"""


def test_closing_words_give_the_plan_deadline() -> None:
    text = ITEMS + "\n各部门要加强调度,确保年底圆满完成各项既定工作目标。\n"
    plan, _ = build_plan(text, plan_id="x-2019", district="x", year=None)
    assert plan.year == 2019
    assert plan.deadline is not None
    assert (plan.deadline.date, plan.deadline.text) == (dt.date(2019, 12, 31), "年底")
    written = plan_yaml(plan)
    assert "deadline: 2019-12-31\ndeadline_text: 年底\n" in written


def test_no_closing_deadline_leaves_the_plan_without_one() -> None:
    for closing in ("", "\n各部门要加强调度,及时掌握工作进展。\n", "\n力争年底前启动。\n"):
        plan, _ = build_plan(ITEMS + closing, plan_id="x-2019", district="x", year=None)
        assert plan.deadline is None, closing
        assert "\ndeadline:" not in plan_yaml(plan).split("commitments:")[0]


def test_a_deadline_inside_an_item_is_not_the_plans() -> None:
    text = ITEMS.replace("新建幼儿园2所。", "新建幼儿园2所,确保年底完成全部建设任务。")
    plan, _ = build_plan(text, plan_id="x-2019", district="x", year=None)
    assert plan.deadline is None
