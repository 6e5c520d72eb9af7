"""Quantitative targets in the text of a commitment.

``不少于6500个`` → ``>=`` 6500 个; ``达到75%`` → ``>=`` 75 %; ``新建6个`` → ``=`` 6 个;
``0.8 万人`` → ``=`` 8000 人; ``20场以上`` → ``>=`` 20 场; ``200多场`` → ``>`` 200 场.
Each target keeps the original wording of its number (``text``) and a label cut from the
clause it stands in. Years, dates, ages, ordinals (``第4期``), phone numbers and baselines
(``由75%提高到80%`` gives only 80 %) are not targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
        "微克",
    ],
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(map(re.escape, UNITS))
NUMBER_RE = re.compile(
    r"(?P<pre>不少于|不低于|不超过|不高于|不多于|至少|超过|高于|多于|低于|少于|控制在|约|近|"
    r"达到|达|到达|提高到|提高至|提升到|提升至|增至|增加到|扩充到|降至|降低到|降到)?"
    r"(?P<num>\d+(?:\.\d+)?)"
    r"(?P<more1>多|余)?"
    r"(?P<mult>万|亿|千)?"
    r"(?P<more>多|余)?"
    # A count in 万 or 亿 needs no unit of its own: 约20万困难群众, 24万以上.
    r" ?(?:(?P<unit>%|" + _UNIT_RE + r")|(?<=[万亿])(?P<bare>(?=以上|以下|左右|[\u4e00-\u9fff])))"
    r"(?P<post>及以上|以上|以下|以内|左右|之内)?"
)
_BASELINE_BEFORE = re.compile(r"(由|从)$")
# A number followed by one of these is the starting point of a change, not the target.
_BASELINE_AFTER = re.compile(
    r"^(增至|增加到|增加至|提高到|提高至|提升到|提升至|调整为|上调至|上调到|降至|降低到)"
)
# Words in the clause before a number that make it progress, not a target: a completion
# rate, a share of the plan, or something already done (``已完成…``, ``累计完成…``).
_PROGRESS_BEFORE = re.compile(
    r"(完成率|完工率|竣工率|合格率|参培率|完成进度|实际完成|累计|已完成|已建成|已开工|"
    r"已开展|已解决|已拨付|已到位|已完工|已下达|占总计划|占全年计划|占年度计划|截至|截止|"
    r"目前|解决了|完成了|建成了)"
)
# ... or done (完成, 完工) with a rate in the rest of its sentence: ``完成项目478处,完成率100%``
# reports, it does not promise.
_PROGRESS_AFTER = re.compile(r"^[^。;!?]*?(完成率|完工率|竣工率|完成进度|占总计划|占全年计划)")
_DONE_BEFORE = re.compile(r"(完成|完工|竣工|建成)")
_SKIP_BEFORE = re.compile(r"(第|每|前|近\d*|[-—~～+“「『]|(?:^|[\s,，;；。、])在)$")
# Money spent, invested, lent or allocated is the means, not the result promised.
_MONEY_UNITS = ("元", "美元")
_MONEY_MEANS = re.compile(r"(投入|投资|资金|经费|贷款|助学金|拨付|安排|筹集|下达|注入)")
# Counts of kinds and groups (9类困难群体, 5种特定意外事故) and durations or opening hours
# (24小时, 3个月) describe the commitment; they are not what it delivers.
_NOT_TARGET_UNITS = frozenset({"类", "种", "小时", "个月"})
# A clause of purpose (有效提高城区4万户用热居民的供热安全) says whom it helps, not what is done.
_PURPOSE_CLAUSE = re.compile(r"^\s*(?:有效|进一步|切实)(?:提高|改善|提升|解决|保障)")
# A share done by a date (化解50%) is a milestone of progress, not a quantity delivered.
_COMPLETION_BEFORE = re.compile(r"(化解|完成|解决|办结)$")
# ``25件民生实事``: the number of items in the plan itself.
_PLAN_ITEMS_AFTER = re.compile(r"^(?:重点|省级|市级|县级|区级)?(?:民生|实事|为民)")
# A number inside ``按(照)…标准`` is the standard each counted thing meets (每家不低于600平方米).
_STANDARD_BEFORE = re.compile(r"按(?:照)?[^,，;；。按]*$")
_STANDARD_AFTER = re.compile(r"^[^,，;；。]*?标准")
_BOUNDARY = ",，;；。:：!?！？\n"
_SENTENCE_END = ";；。!?！？\n"

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
# Comparator words that govern a number further on in their clause: 提高到不低于上年度城乡
# 低保标准的1.5倍, 确保至少建成2处, 力争省优质园数量达到全区幼儿园总数的80%.
_COMPARATOR_FAR = re.compile(r"(不少于|不低于|不超过|不高于|不多于|至少|控制在|达到|到达)")
# 力争 (strive for) marks what follows in its clause as an aim, not a firm promise.
_AIM = "力争"
# Words that say when or how firmly, not what: they alone do not make a label.
_TIME_WORDS = re.compile(
    r"^(?:\d{4}年|年内|今年|全年|当年|年底前|年底|明年|上半年|下半年|力争|确保|实现|累计|继续|"
    r"持续|原则上|努力|争取)+"
)
_LABEL_NOISE_END = re.compile(
    r"(力争|确保|实现|累计|继续|持续|分别|原则上|稳定在|保持在|保持|控制在|提高到|提高至|"
    r"提升到|提升至|扩充到|增至|达到|到达|达|不低于|不少于|至少|不超过|约|为|在)+$"
)
_LABEL_NOISE_START = re.compile(r"^(?:力争|确保|[和及与、]|将(?!军)|把|\d{4}年(?:度)?)+")
# A label that is only a verb names no thing: 更新7座 after 新建公共厕所5座 is 更新公共厕所.
_VERBS = (
    "新建|新增|更新|改造|改建|扩建|建设|建成|完成|开展|举办|培训|提升|打造|创建|实施|推进|"
    "组织开展|组织|开工|竣工|维修|增长|提高|下降|降低|治理|整治"
)
_VERB_ONLY = re.compile(rf"^(?:{_VERBS})+$")
_LEADING_VERB = re.compile(rf"^(?:{_VERBS}|打通|加快|落实|提供|发放)")
# Words that measure the thing named in the clause before: 供热主管网,全长约4.3公里.
_MEASURE_WORDS = frozenset({"全长", "总长", "长度", "面积", "总面积", "规模"})
# Prepositions and particles a label cannot end with: it would be cut before its object.
_FRAGMENT_END = re.compile(r"[为对在按于从由向给将把的和及与或、(（]$")
_PREPOSITION_END = re.compile(r"(?:为|对|向|给|帮助)$")
_AFTER_VERB = re.compile(r"(达到|实现|进行|开展|提供|建立|完成|纳入)")
_REFERENCE = re.compile(
    r"(?:提高到|提高至|提升到|提升至|增至|达到|到达|相当于)(?:不低于|不少于)?[^\d,，;；。]{1,15}的\s*$"
)
MAX_AFTER = 20
MAX_LABEL = 36


@dataclass(frozen=True)
class Target:
    """A quantitative target: ``value`` ``unit``, compared by ``comparator``; ``aim`` when the
    text strives for it (力争) rather than promises it."""

    label: str
    value: int | float
    unit: str
    comparator: str
    text: str
    aim: bool = False
    at: int = field(default=-1, compare=False)  # where ``text`` starts in the original


@dataclass
class _Found:
    m: re.Match[str]
    start: int  # folded positions
    end: int
    text_start: int
    value: int | float
    unit: str
    comparator: str
    aim: bool
    baseline: int | None
    prev_end: int
    label: str = ""
    after: str = ""
    after_end: int = 0


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


def _sentence_end(folded: str, pos: int) -> int:
    i = pos
    while i < len(folded) and folded[i] not in _SENTENCE_END:
        i += 1
    return i


def _is_target(s: str, m: re.Match[str]) -> bool:
    """Whether the number ``m`` in folded text ``s`` is something the commitment delivers."""
    start, end, num_start = m.start(), m.end(), m.start("num")
    before = s[:num_start] if not m.group("pre") else s[:start]
    if _SKIP_BEFORE.search(before) or (num_start > 0 and (s[num_start - 1].isdigit())):
        return False
    if num_start > 0 and s[num_start - 1] in ".":
        return False
    unit = m.group("unit") or ""
    if unit in _NOT_TARGET_UNITS:
        return False
    if unit == "%" and m.group("mult"):
        return False
    clause = s[_clause_start(s, start) : start]
    if _PROGRESS_BEFORE.search(clause) or (
        _DONE_BEFORE.search(clause) and _PROGRESS_AFTER.search(s[end:])
    ):
        return False
    if unit in _MONEY_UNITS and (
        _MONEY_MEANS.search(clause) or _MONEY_MEANS.match(s[end : _clause_end(s, end)])
    ):
        return False
    if _PLAN_ITEMS_AFTER.match(s[end:]) or _PURPOSE_CLAUSE.match(clause):
        return False
    if unit == "%" and _COMPLETION_BEFORE.search(s[:start]):
        return False
    # 24件信访积案在10月前化解50%: a count that a later share in its clause is a share of.
    if unit != "%" and re.search(r"\d%", s[end : _clause_end(s, end)]):
        return False
    if _STANDARD_BEFORE.search(clause) and _STANDARD_AFTER.match(s[end:]):
        return False
    # 100户以上的自然村, 人均15平方米以下的家庭: a threshold that says who or what qualifies.
    if m.group("post") in ("以上", "以下", "及以上") and unit != "%" and s[end : end + 1] == "的":
        return False
    return not re.match(r"[-—~～至]\d", s[end:])  # not a range such as 1000-8000元


def _comparator(s: str, m: re.Match[str], floor: int) -> tuple[str, int]:
    """The comparator of number ``m`` and where its wording starts (folded positions);
    ``floor``: where the words that may govern it begin."""
    pre, post = m.group("pre"), m.group("post")
    comparator, text_start = "=", m.start("num")
    if pre in COMPARATORS_BEFORE:
        comparator, text_start = COMPARATORS_BEFORE[pre], m.start()
    else:
        far = list(_COMPARATOR_FAR.finditer(s, floor, m.start()))
        if far:
            word = far[-1]
            comparator = COMPARATORS_BEFORE[word.group(1)]
            between = s[word.end() : m.start()]
            # 不低于上年度城乡低保标准的1.5倍: the wording includes what it is compared with.
            if not re.search(r"\d", between) and len(between) <= 15:
                text_start = word.start()
    if m.group("more") or m.group("more1"):
        comparator = ">"
    if post:
        comparator = COMPARATORS_AFTER[post]
    return comparator, text_start


def _strip_label(label: str) -> str:
    label = label.strip(" 、和及与,，")
    for _ in range(3):
        new = _LABEL_NOISE_START.sub("", label)
        new = _LABEL_NOISE_END.sub("", new).strip(" 、,，")
        if new == label:
            break
        label = new
    return label.rstrip("(（").strip()


def _examples_dropped(label: str) -> str:
    """``实施新西三环路、建业大街延长线等路网完善工程`` → ``实施路网完善工程``: the names
    before 等 are examples of what is counted; the label keeps the verb and the thing."""
    cut = label.rfind("等")
    if cut <= 0 or "、" not in label[:cut]:
        return label
    verb = _LEADING_VERB.match(label)
    head = verb.group(0) if verb else ""
    return head + label[cut + 1 :]


def _unbalanced_close(text: str) -> str:
    """``3美元)``: a closing bracket whose opening one is before the number is not the label's."""
    while (
        text
        and text[-1] in ")）"
        and text.count("(") + text.count("（") < text.count(")") + text.count("）")
    ):
        text = text[:-1].rstrip()
    return text


def _content(label: str) -> str:
    """What a label says besides when and how firmly."""
    return _TIME_WORDS.sub("", label)


def _is_fragment(label: str) -> bool:
    core = _content(label)
    return not core or bool(_FRAGMENT_END.search(label)) or bool(_VERB_ONLY.match(core))


def _distribute(subject: str, count: int) -> list[str] | None:
    """``自理、半失能、失能特困人员照料护理补贴标准`` for three values → one subject each:
    the 、-list of qualifiers shares the head noun of its last item."""
    items = subject.split("、")
    if len(items) != count or count < 2:
        return None
    last = items[-1]
    qualifier = ""
    for k in range(len(last) - 1, 0, -1):
        if any(item.endswith(last[:k]) for item in items[:-1]):
            qualifier = last[:k]
            break
    if not qualifier:
        qualifier = last[: len(items[-2])]
    head = last[len(qualifier) :]
    if not head:
        return None
    return [item + head for item in items[:-1]] + [last]


def find_targets(text: str) -> list[Target]:
    """Targets in ``text`` (original text of a commitment), in order of appearance."""
    f = fold(text)
    s = f.text
    found: list[_Found] = []
    prev_end = 0
    baseline: int | None = None
    for m in NUMBER_RE.finditer(s):
        start, end = m.start(), m.end()
        if not _is_target(s, m):
            # 投入1500万元为约20万困难群众…: the label of what follows starts after it.
            if s[start : start + 1].isdigit() or m.group("pre"):
                prev_end = max(prev_end, end)
            continue
        if _BASELINE_BEFORE.search(s[:start]):
            baseline = start - 1
            continue
        if _BASELINE_AFTER.match(s[end:]):
            clause = _clause_start(s, start)
            cut = max(s.rfind("由", clause, start), s.rfind("从", clause, start))
            baseline = cut if cut >= 0 else start
            continue
        clause = _clause_start(s, start)
        # 农村80%以上社区服务用房面积达到200平方米: the share is the target, the area the
        # standard each counted thing meets.
        if (m.group("unit") or "") != "%" and any(
            y.unit == "%" and y.start >= clause for y in found
        ):
            continue
        # A value in a list (10%、25%和40%) shares the comparator of the list's first value.
        listed = bool(found) and re.fullmatch(r"[、和及与 ]*", s[found[-1].end : start]) is not None
        if listed:
            comparator, text_start = found[-1].comparator, m.start("num")
            if m.group("post"):
                comparator = COMPARATORS_AFTER[m.group("post")]
            elif m.group("more") or m.group("more1"):
                comparator = ">"
        else:
            comparator, text_start = _comparator(s, m, max(clause, prev_end))
        aim = _AIM in s[clause:start] or (listed and found[-1].aim)
        found.append(
            _Found(
                m=m,
                start=start,
                end=end,
                text_start=text_start,
                value=_value(m.group("num"), m.group("mult")),
                unit=m.group("unit") or "",
                comparator=comparator,
                aim=aim,
                baseline=baseline,
                prev_end=prev_end,
            )
        )
        baseline = None
        prev_end = end
    _label_all(f, found)
    targets: list[Target] = []
    seen: set[tuple[str, float, str, str]] = set()
    for x in found:
        if not _content(x.label):  # a number whose thing cannot be named is left out
            continue
        key = (x.label, float(x.value), x.unit, x.comparator)
        if key in seen:  # the same target said twice
            continue
        seen.add(key)
        targets.append(
            Target(
                label=x.label,
                value=x.value,
                unit=x.unit,
                comparator=x.comparator,
                text=f.span(x.text_start, x.end),
                aim=x.aim,
                at=f.origin[x.text_start],
            )
        )
    return targets


def _label_all(f: Folded, found: list[_Found]) -> None:
    s = f.text
    # What follows each number, up to the next number or list break: the thing counted.
    for x in found:
        stop = _clause_end(s, x.end)
        nxt = re.search(r"、|^\s*和|和(?=\s*\d)|\d", s[x.end : stop])
        if nxt:
            stop = x.end + nxt.start()
        x.after_end = stop
        x.after = _unbalanced_close(f.span(x.end, stop).strip(" 、"))
        if len(x.after) > MAX_AFTER:
            # 70%的乡镇卫生院(社区服务中心)达到国家服务能力基本标准: the thing, not its verb.
            verb = _AFTER_VERB.search(x.after)
            x.after = x.after[: verb.start()] if verb else ""
        if len(x.after) > MAX_AFTER:
            x.after = ""
    for i in range(len(found) - 1, -1, -1):
        x = found[i]
        # 30场次1000人次的家政业务培训, 300元和150元的惠民医疗门诊账户: one thing counted.
        if not x.after and i + 1 < len(found):
            y = found[i + 1]
            if re.fullmatch(r"[、和及与 ]*", s[x.end : y.start]):
                x.after = y.after
    for i, x in enumerate(found):
        begin = max(_clause_start(s, x.start), x.prev_end)
        if i and found[i - 1].after_end > begin and found[i - 1].after_end <= x.start:
            begin = found[i - 1].after_end  # 3个综合文化站、3个文化服务中心: not the one before
        stop = x.baseline if x.baseline is not None and x.baseline >= begin else x.text_start
        raw = f.span(begin, stop)
        # 提高到当地农村人均纯收入的70%: the label is what is raised, not what it is measured by.
        reference = _REFERENCE.search(raw)
        if reference:
            raw = raw[: reference.start()]
        before = _strip_label(_examples_dropped(raw))
        after = x.after
        noun = after.lstrip("的") if after else ""
        if after.startswith(("以上", "以下")):
            noun = ""
        lead = _LABEL_NOISE_START.sub("", raw.strip()).rstrip("约近 ")
        if noun and (_PREPOSITION_END.search(lead) or lead.endswith("的")):
            # 为10万名适龄儿童提供…, 对区管公园内的6座公厕…: the object follows the number.
            label = lead + noun
        elif not before or _is_fragment(before):
            label = (before + noun) if noun and _VERB_ONLY.match(_content(before) or "-") else noun
            if not label:
                label = before
        elif after.startswith("的") and len(before + noun) > MAX_LABEL:
            label = before
        else:
            label = before + noun
        label = _strip_label(label)
        # Only a target of the same sentence lends its thing: 新建公共厕所5座,更新7座.
        same = i > 0 and _sentence_end(s, found[i - 1].end) >= x.start
        if label in _MEASURE_WORDS:
            label = _borrow(f, found, i, label)
        elif same and not _content(label):
            label = found[i - 1].label  # 增长12%,力争15%: the list shares its label
        elif same and _VERB_ONLY.match(_content(label)):
            label = _borrow(f, found, i, label)
        x.label = label[:MAX_LABEL]
    _distribute_lists(f, found)


def _borrow(f: Folded, found: list[_Found], i: int, label: str) -> str:
    """A label that is only a verb (更新7座) or a measure (全长4.3公里) takes its thing from
    the target or clause before it."""
    s = f.text
    x, prev = found[i], found[i - 1]
    if label in _MEASURE_WORDS:
        clause = _clause_start(s, x.start)
        before = _clause_start(s, max(clause - 1, 0))
        return _strip_label(f.span(before, max(clause - 1, 0))) + label
    thing = re.sub(rf"^(?:{_VERBS})+", "", _content(prev.label))
    thing = re.sub(r"(?:增长|提高|下降|降低)$", "", thing)
    if not thing:
        return label
    if label in ("增长", "提高", "下降", "降低"):
        return thing + label  # 财政收入62亿元,增长13%
    if prev.unit != x.unit:
        return label
    return label + thing


def _distribute_lists(f: Folded, found: list[_Found]) -> None:
    """Values of one list (10%、25%和40%) whose subject is a 、-list of as many qualifiers
    get one subject each."""
    s = f.text
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and re.fullmatch(
            r"[、和及与 ]*", s[found[j].end : found[j + 1].start]
        ):
            j += 1
        count = j - i + 1
        if count >= 2:
            clause = _clause_start(s, found[i].start)
            # The subject: the clause before the list's own clause when this one has none.
            own = _strip_label(re.sub(_COMPARATOR_FAR, "", f.span(clause, found[i].text_start)))
            subject_end = clause - 1 if clause > 0 else 0
            subject = (
                f.span(_clause_start(s, subject_end), subject_end).strip() if subject_end else ""
            )
            if "、" in own:
                subject = own
            parts = _distribute(subject.strip(" ,，"), count) if subject else None
            if parts:
                for k, part in enumerate(parts):
                    found[i + k].label = _strip_label(part)[:MAX_LABEL]
        i = j + 1
