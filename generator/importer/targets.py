"""Quantitative targets in the text of a commitment.

``不少于6500个`` → ``>=`` 6500 个; ``达到75%`` → ``>=`` 75 %; ``新建6个`` → ``=`` 6 个;
``0.8 万人`` → ``=`` 8000 人; ``20场以上`` → ``>=`` 20 场; ``200多场`` → ``>`` 200 场.
Each target keeps the original wording of its number (``text``) and a label cut from the
clause it stands in. Years, dates, ages, ordinals (``第4期``), phone numbers and baselines
(``由75%提高到80%`` gives only 80 %) are not targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Folded, fold

# Longest first, so that 人次 wins over 人 and 平方公里 over 公里.
UNITS = sorted(
    [
        "个百分点",
        "百分点",
        "平方公里",
        "平方米",
        "立方米",
        "公顷",
        "公里",
        "千米",
        "延米",
        "米",
        "亩",
        "蒸吨",
        "吨",
        "千瓦",
        "兆瓦",
        "人次",
        "人",
        "名",
        "户",
        "家",
        "个",
        "所",
        "座",
        "处",
        "张",
        "条",
        "场次",
        "场",
        "次",
        "期",
        "项",
        "件",
        "间",
        "栋",
        "幢",
        "套",
        "台",
        "辆",
        "册",
        "本",
        "份",
        "课时",
        "学时",
        "小时",
        "天",
        "颗",
        "路",
        "批",
        "类",
        "块",
        "班",
        "站",
        "点",
        "床",
        "种",
        "倍",
        "元",
        "美元",
        "个月",
        "支",
        "盏",
        "组",
        "部",
        "位",
        "单",
        "宗",
        "家次",
        "校",
        "口",
        "只",
        "头",
        "棵",
        "株",
        "队",
    ],
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(map(re.escape, UNITS))
NUMBER_RE = re.compile(
    r"(?P<pre>不少于|不低于|不超过|不高于|不多于|至少|超过|高于|多于|低于|少于|控制在|约|近|"
    r"达到|达|到达|提高到|提高至|提升到|提升至|增至|增加到|降至|降低到|降到)?"
    r"(?P<num>\d+(?:\.\d+)?)"
    r"(?P<more1>多|余)?"
    r"(?P<mult>万|亿|千)?"
    r"(?P<more>多|余)?"
    r" ?(?P<unit>%|" + _UNIT_RE + r")"
    r"(?P<post>以上|以下|以内|及以上|左右|之内)?"
)
_BASELINE_BEFORE = re.compile(r"(由|从)$")
# A number followed by one of these is the starting point of a change, not the target.
_BASELINE_AFTER = re.compile(
    r"^(增至|增加到|增加至|提高到|提高至|提升到|提升至|调整为|上调至|上调到|降至|降低到)"
)
# Words in the clause before a number that make it progress, not a target: a completion
# rate, a share of the plan, or something already done (``已完成…``, ``累计完成…``).
_PROGRESS_BEFORE = re.compile(
    r"(完成率|完工率|竣工率|合格率|参培率|完成进度|实际完成|累计完成|累计解决|已完成|已建成|已开工|"
    r"已开展|已解决|已拨付|已到位|已完工|已下达|占总计划|占全年计划|占年度计划|截至|截止)"
)
_SKIP_BEFORE = re.compile(r"(第|每|前|近\d*|[-—~～+“「『])$")
_BOUNDARY = ",，;；。:：!?！？\n"

MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千": 1_000}

COMPARATORS_BEFORE = {
    "不少于": ">=",
    "不低于": ">=",
    "至少": ">=",
    "达到": ">=",
    "达": ">=",
    "到达": ">=",
    "超过": ">",
    "高于": ">",
    "多于": ">",
    "不超过": "<=",
    "不高于": "<=",
    "不多于": "<=",
    "控制在": "<=",
    "低于": "<",
    "少于": "<",
    "约": "~",
    "近": "~",
}
COMPARATORS_AFTER = {
    "以上": ">=",
    "及以上": ">=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "左右": "~",
}
# Words of a label that only say how a number compares.
_LABEL_NOISE = re.compile(r"(力争|确保|实现|累计|继续|持续)+$")


@dataclass(frozen=True)
class Target:
    """A quantitative target: ``value`` ``unit``, compared by ``comparator``."""

    label: str
    value: int | float
    unit: str
    comparator: str
    text: str


def _value(num: str, mult: str | None) -> int | float:
    value = float(num) * MULTIPLIERS.get(mult or "", 1)
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def _clause_start(folded: str, pos: int) -> int:
    i = pos
    while i > 0 and folded[i - 1] not in _BOUNDARY:
        i -= 1
    return i


def _clause_end(folded: str, pos: int) -> int:
    i = pos
    while i < len(folded) and folded[i] not in _BOUNDARY:
        i += 1
    return i


def _label(f: Folded, start: int, end: int, prev_end: int, baseline: int | None) -> tuple[str, int]:
    """The clause around a number without the number: ``新增78个教学班`` → ``新增教学班``."""
    text = f.text
    begin = max(_clause_start(text, start), prev_end)
    stop = baseline if baseline is not None and baseline >= begin else start
    before = f.span(begin, stop).strip(" 、和及与,")
    before = _LABEL_NOISE.sub("", before).strip(" 、")
    after_end = _clause_end(text, end)
    nxt = re.search(r"[、和]|\d", text[end:after_end])
    if nxt:
        after_end = end + nxt.start()
    after = f.span(end, after_end).strip(" 、")
    if after.startswith(("的", "以上", "以下")) and before:
        return before, end
    if after and len(after) <= 15:
        return before + after, after_end
    return before or after.lstrip("的"), end


def find_targets(text: str) -> list[Target]:
    """Targets in ``text`` (original text of a commitment), in order of appearance."""
    f = fold(text)
    s = f.text
    targets: list[Target] = []
    prev_end = 0
    baseline: int | None = None
    for m in NUMBER_RE.finditer(s):
        start, end = m.start(), m.end()
        num_start = m.start("num")
        before = s[:num_start] if not m.group("pre") else s[:start]
        if _SKIP_BEFORE.search(before) or (num_start > 0 and s[num_start - 1].isdigit()):
            continue
        if num_start > 0 and s[num_start - 1] in ".":
            continue
        unit = m.group("unit")
        if _PROGRESS_BEFORE.search(s[_clause_start(s, start) : start]):
            continue
        if _BASELINE_BEFORE.search(s[:start]):
            baseline = start - 1
            continue
        if _BASELINE_AFTER.match(s[end:]):
            clause = _clause_start(s, start)
            cut = max(s.rfind("由", clause, start), s.rfind("从", clause, start))
            baseline = cut if cut >= 0 else start
            continue
        if re.match(r"[-—~～至]\d", s[end:]):  # a range such as 1000-8000元
            continue
        comparator = "="
        if m.group("pre") in COMPARATORS_BEFORE:
            comparator = COMPARATORS_BEFORE[m.group("pre")]
        if m.group("more") or m.group("more1"):
            comparator = ">"
        if m.group("post"):
            comparator = COMPARATORS_AFTER[m.group("post")]
        unit_out = unit
        value = _value(m.group("num"), m.group("mult"))
        if unit == "%" and m.group("mult"):
            continue
        # The target's own wording: comparator words and the number, as written.
        text_start = start if m.group("pre") in COMPARATORS_BEFORE else num_start
        label, label_end = _label(f, start, end, prev_end, baseline)
        if not label and targets and _clause_start(s, start) < prev_end:
            label = targets[-1].label  # 10%、25%和40%: the list shares its label
        baseline = None
        targets.append(
            Target(
                label=label,
                value=value,
                unit=unit_out,
                comparator=comparator,
                text=f.span(text_start, end),
            )
        )
        prev_end = label_end
    return targets
