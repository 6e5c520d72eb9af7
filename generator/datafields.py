"""The open data's fields: what ``commitments.json`` and ``commitments.csv`` hold.

One list, read by the open-data writer (field order), the /data/ page (the field table)
and docs/data.md, so the published description cannot drift from the files.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import STATUS_ORDER


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    zh: str
    en: str


# Every field of a commitment object in commitments.json, in output order. The /data/ page
# and docs/data.md describe these; schema.json is generated from the same types.
COMMITMENT_FIELDS: tuple[FieldDoc, ...] = (
    FieldDoc("id", "string", "唯一标识：<计划id>/<序号>", "unique id: <plan>/<no>"),
    FieldDoc("plan", "string", "计划 id", "plan id"),
    FieldDoc("plan_title", "string", "计划标题（原文）", "plan title as published"),
    FieldDoc("district", "string", "地区 id", "district slug"),
    FieldDoc("district_name", "string", "地区名称", "district name"),
    FieldDoc("year", "integer", "计划年度（verified 为 false 时未经核实）", "plan year"),
    FieldDoc(
        "verified",
        "boolean",
        "计划的年份和发布机关是否已核实；false 时见 caveats",
        "whether the plan's year and issuer are verified; if false, see caveats",
    ),
    FieldDoc(
        "caveats",
        "string[]",
        "计划的注意事项（CSV 中用“ | ”连接）",
        "the plan's caveats (joined with ' | ' in the CSV)",
    ),
    FieldDoc("no", "integer", "在计划中的序号", "number in the plan"),
    FieldDoc("section", "string|null", "原文所属部分的标题", "the plan's own section heading"),
    FieldDoc(
        "category", "string", "本站主要分类 id（即 categories 的第一项）", "primary theme slug"
    ),
    FieldDoc("category_name", "string", "本站主要分类名称", "primary theme name"),
    FieldDoc(
        "categories",
        "string[]",
        "本站全部分类 id，主要分类在前",
        "every theme slug, the primary first",
    ),
    FieldDoc("title", "string", "简短标题", "short title"),
    FieldDoc("text", "string", "承诺原文（Markdown）", "the commitment as written (Markdown)"),
    FieldDoc("lead", "string[]", "牵头单位（规范名称）", "lead departments (canonical names)"),
    FieldDoc("support", "string[]", "配合单位（规范名称）", "supporting units (canonical names)"),
    FieldDoc("lead_as_written", "string[]", "牵头单位（计划原文写法）", "lead units as written"),
    FieldDoc(
        "support_as_written", "string[]", "配合单位（计划原文写法）", "supporting units as written"
    ),
    FieldDoc("deadline", "date|null", "完成时限（YYYY-MM-DD）；null 为无明确期限", "deadline"),
    FieldDoc(
        "deadline_implied",
        "boolean",
        "计划未写明时限，按计划年度年底计",
        "the plan gives no deadline; the plan year's end is used",
    ),
    FieldDoc(
        "deadline_from_plan",
        "boolean",
        "时限是整份计划的时限（计划原文的总体表述），不是本项自己写明的",
        "the deadline is the whole plan's, from its own words, not the item's",
    ),
    FieldDoc("deadline_text", "string|null", "计划原文对时限的表述", "the plan's wording"),
    FieldDoc(
        "targets",
        "object[]",
        "量化目标：label、value、unit、comparator、aim（力争）、text",
        "targets: label, value, unit, comparator, aim (striven for), text",
    ),
    FieldDoc("milestones", "object[]", "阶段节点：date、text", "milestones: date, text"),
    FieldDoc(
        "status",
        "string",
        "当前状态：" + "、".join(STATUS_ORDER),
        "current status: " + ", ".join(STATUS_ORDER),
    ),
    FieldDoc(
        "declared_status",
        "string|null",
        "编辑直接指定的状态（覆盖进展记录）",
        "status set by an editor (overrides updates)",
    ),
    FieldDoc(
        "overdue",
        "boolean",
        "有进展报告说逾期未完成：已过时限、未完成也未调整，且时限之后的报告说未完成，或时限前最后一次报告说进度滞后",
        "a report says it is overdue: past its deadline, neither completed nor adjusted, and "
        "a report after the deadline says it is unfinished, or the last report before it "
        "says it is behind",
    ),
    FieldDoc(
        "past_deadline",
        "boolean",
        "截至 as_of 已过时限，且没有报告说已完成或已调整（不等于未完成）",
        "past its deadline at as_of and no report says it was completed or adjusted "
        "(which does not mean it was not)",
    ),
    FieldDoc("progress", "number|null", "最近报告的完成百分比", "latest reported percent"),
    FieldDoc(
        "updates",
        "object[]",
        "进展记录（按日期先后）：date、status、progress、note、source{url,title,kind,publisher,date}",
        "progress reports, oldest first: date, status, progress, note, source",
    ),
    FieldDoc(
        "latest_source_kind",
        "string|null",
        "最新进展的来源类型：government（政府自报）、media、citizen、verified（独立核实）",
        "who reported the latest progress: government, media, citizen, verified",
    ),
    FieldDoc("continues", "string|null", "上一年度同一承诺的 id", "id of the earlier commitment"),
    FieldDoc("continued_by", "string[]", "下一年度同一承诺的 id", "ids of later commitments"),
    FieldDoc("url", "string", "本站页面地址", "page on this site (absolute URL)"),
)
