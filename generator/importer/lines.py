"""Phase 1 of reading a plan: every line of the source, cleaned and classified.

Cleaning repairs what the way of copying did to the text, never what the plan says: pinyin
residue of mirror sites (``實(shí)事``) is removed, and CJK radical look-alikes that PDF text
layers print for ordinary characters (``区⺠政局``) become those characters. Classification
says what a line is before any list is looked for:

* ``blank``, ``noise`` (website chrome, page furniture, bylines of the page, spam lines),
* ``label`` (``牵头单位:…``, ``完成时限:…``),
* ``closing`` (``特此公告。``, ``抄送:…``, signature and date lines, contact blocks, bylines
  of a news text, ``相关新闻``): it ends a list and is reported, never glued to an item,
* ``prose_end`` (``下一步…``, ``对以上实事项目…``): follow-up prose that ends a list,
* ``bare`` (a number alone on its line: a row number of a flattened table, or an item
  number whose text follows),
* ``line`` (anything else; ``marker`` holds its item number when it starts with one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .departments import LABEL_RE
from .numbering import Marker, marker
from .text import Folded, fold, is_noise, split_lines, strip_pinyin

DEADLINE_LABEL_RE = re.compile(r"^(完成时限|完成时间|完成期限|时间节点|时限要求|时限)\s*[:]\s*")
PROGRESS_LABEL_RE = re.compile(r"^(进展情况|完成情况|进展|推进情况|进度|状态|完成进度)\s*[:]\s*")

# CJK Radicals Supplement characters that PDF text layers print instead of the ideograph
# they look like; NFKC does not fold these (it does fold the Kangxi radicals U+2F00–2FD5).
RADICAL_LOOKALIKES = str.maketrans(
    "⺠⻓⻔⻢⻋⻅⻚⻛⻜⻝⻥⻦⻩⻮⻰⻳⻉⻄⺟⺩⻆⻘⻨⻬⻧⻙⻣⻤⻡⻗⺁",
    "民长门马车见页风飞食鱼鸟黄齿龙龟贝西母王角青麦齐卤韦骨鬼首雨厂",
)

# Lines that close a document or a news text. Matched against the folded, stripped line.
_CLOSING = [
    r"^(特此|现予)(公告|通知|通告|函告|报告)[。.]?$",
    r"^(抄送|抄报|印发|主送|报送)\s*:",
    r"\d{4}年\d{1,2}月\d{1,2}日\s*印发$",
    r"^(联系人|联系电话|联系地址|地址|邮编|电话|传真|邮箱|电子邮箱)\s*:",
    r"^\(?(记者|通讯员|特约记者|本报记者|时报记者|见习记者|全媒体记者)[ \u4e00-\u9fff]{0,20}\)?$",
    r"^\([\u4e00-\u9fff]{2,4}\)$",  # a bare byline such as (晓心)
    r"^(责编|编辑|责任编辑|稿源|审核)(\s|:|$)",
    r"^-?\s*(责任编辑|稿源)\s*:",
    r"^(相关新闻|相关阅读|相关链接|延伸阅读|推荐阅读)$",
    r"^\d{4}年\d{1,2}月\d{1,2}日$",
    r"^\d{4}-\d{1,2}-\d{1,2}$",
]
_CLOSING_RE = [re.compile(p) for p in _CLOSING]
SIGNATURE_RE = re.compile(
    r"^[\u4e00-\u9fff、 ()]{2,40}(人民政府|政府|委员会|办公室|办公厅|管委会|区委|办事处|主席团|"
    r"领导小组|人大常委会|常委会)(办公室)?$"
)
# Prose after a list that is about the list, not part of its last item.
PROSE_END_RE = re.compile(
    r"^(下一步|对以上|以上实事|以上项目|上述|此外|同时,|为保证|为确保|据了解|据悉|另据|"
    r"会议还|会议强调|会议要求|接下来|民生无小事)"
)
# Website and page furniture beyond text.is_noise: stamps, spam headers, image lines.
_EXTRA_NOISE = [
    r"^\d{4}-\d{1,2}-\d{1,2}\s*\d{1,2}:\d{2}",
    r"^-?\s*www\.",
    r"^(信息发布者|发布者|浏览量|阅读|字体|浏览次数)\s*:",
    r"^(您当前所在的位置|您当前的位置|当前所在位置)\s*:?$",
    r"^(上接|下转|接上)[A-Z]?\d*版$",
    r"^!\[[^\]]*\]\(",
    r"^【发布日期",
    r"^原标题\s*:",
    r"^第[一二三四五六七八九十\d]+篇\s*:",
    r"^-$",
]
_EXTRA_NOISE_RE = [re.compile(p) for p in _EXTRA_NOISE]
BARE_NUMBER_RE = re.compile(r"^(\d{1,3})\s*\|?$")
# An item number followed by spaces, then text: ``1 实施10条…`` (the space is the only
# separator, so it is read on the original line: folding drops spaces beside digits).
SPACE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})[ \t\u3000]+(?=[^\d\s|―—\-.])")


@dataclass
class Line:
    """One line of the source: its 1-based number, text (cleaned) and folded form."""

    no: int
    raw: str
    folded: Folded
    kind: str = "line"
    marker: Marker | None = None

    @property
    def key(self) -> str:
        return self.folded.text

    @property
    def text(self) -> str:
        """The line without surrounding spaces."""
        return self.raw.strip()


def clean(raw: str) -> str:
    """A line without pinyin residue and with radical look-alikes as ideographs."""
    text = strip_pinyin(raw)
    if any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        text = "".join(
            unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch for ch in text
        ).translate(RADICAL_LOOKALIKES)
    return text


def is_closing(key: str) -> bool:
    """Whether a folded line closes the document (formula, signature, date, byline…)."""
    return any(p.search(key) for p in _CLOSING_RE) or bool(SIGNATURE_RE.match(key))


def _kind(key: str, repeated: set[str]) -> str:
    if not key:
        return "blank"
    if DEADLINE_LABEL_RE.match(key) or LABEL_RE.match(key) or PROGRESS_LABEL_RE.match(key):
        return "label"
    if is_closing(key):
        return "closing"
    if BARE_NUMBER_RE.match(key):
        return "bare"  # a row or item number, or a page number (noise unless a list uses it)
    if is_noise(key) or key in repeated or any(p.search(key) for p in _EXTRA_NOISE_RE):
        return "noise"
    if PROSE_END_RE.match(key):
        return "prose_end"
    return "line"


def classify(text: str) -> tuple[list[Line], int]:
    """The lines of ``text``, cleaned and classified; and how many lines cleaning changed."""
    raws = split_lines(text)
    cleaned = [clean(r) for r in raws]
    changed = sum(1 for a, b in zip(raws, cleaned, strict=True) if a != b)
    lines = [Line(i + 1, raw, fold(raw.strip())) for i, raw in enumerate(cleaned)]
    # Running page headers: short lines repeated three times or more.
    counts: dict[str, int] = {}
    for line in lines:
        if line.key and not BARE_NUMBER_RE.match(line.key):
            counts[line.key] = counts.get(line.key, 0) + 1
    repeated = {k for k, c in counts.items() if c >= 3 and len(k) <= 40}
    for line in lines:
        line.kind = _kind(line.key, repeated)
        if line.kind == "line":
            line.marker = marker(line.key)
            if line.marker is None:
                m = SPACE_NUMBER_RE.match(line.raw)
                if m:
                    n = int(m.group(1))
                    if n > 0:  # folding dropped the space: the rest follows the digits
                        line.marker = ("ar_space", n, len(m.group(1)))
    return lines, changed
