"""The numbering grammar of plan texts: item markers, Chinese numerals, stated counts.

Item numbering styles (``1、`` ``1.`` ``1．`` ``1。`` ``1 `` ``（1）`` ``(1)`` ``1)`` ``①``
``一、`` ``（一）`` ``第一项`` ``一是``) have levels: ``一、`` above ``1.`` above ``(1)``.
Patterns apply to folded lines (half-width, Simplified, no spaces beside digits).

A plan usually says how many commitments it lists (``十件民生实事``, ``10项``,
``(5项)``, ``18个子项目``): :func:`stated_counts` finds these numbers, which the reader
uses as evidence when it chooses between candidate lists.
"""

from __future__ import annotations

import re

CN = "一二三四五六七八九十百零〇两"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

Marker = tuple[str, int, int]  # (style, number, end of the marker in the folded line)


def cn_number(text: str) -> int | None:
    """The value of a Chinese numeral up to 999 (``十一`` → 11), of Arabic digits, or of a
    circled number (``③`` → 3)."""
    if text.isdigit() and text.isascii():
        return int(text)
    if len(text) == 1 and text in CIRCLED:
        return CIRCLED.index(text) + 1
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total = 0
    current = 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_DIGITS[ch] if current else _CN_DIGITS[ch]
    return total + current


# Styles, highest level first.
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("cn_dun", re.compile(rf"^([{CN}]+)\s*[、.,]\s*")),
    ("cn_paren", re.compile(rf"^\(\s*([{CN}]+)\s*\)\s*[、.]?\s*")),
    ("di", re.compile(rf"^第([{CN}\d]+)[项条件个]\s*[、.:,]?\s*")),
    ("ar_dun", re.compile(r"^(\d{1,3})\s*、\s*")),
    ("ar_dot", re.compile(r"^(\d{1,3})\s*[.。](?!\d)\s*")),
    ("ar_paren", re.compile(r"^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*")),
    ("ar_rparen", re.compile(r"^(\d{1,3})\)\s*")),
    ("circled", re.compile(rf"^([{CIRCLED}])\s*[、.]?\s*")),
    ("yishi", re.compile(rf"^([{CN}]+)是(?=\S)")),
]
STYLE_RANK = {name: i for i, (name, _) in enumerate(STYLES)}
STYLE_RANK["ar_dot"] = STYLE_RANK["ar_dun"]  # 1、 and 1. are the same level
STYLE_RANK["ar_space"] = STYLE_RANK["ar_dun"]  # ``1 实施…`` (read on the original line)
STYLE_RANK["yishi"] = STYLE_RANK["ar_paren"]
STYLE_RANK["circled"] = STYLE_RANK["ar_paren"]

# Inline markers that continue a sequence inside one paragraph. The first marker may follow
# a colon (``这十件实事是:1.…``).
_AFTER = r"(?:(?<=[。;!?:])|^)\s*"
INLINE: dict[str, re.Pattern[str]] = {
    "ar_dot": re.compile(_AFTER + r"(\d{1,3})\s*[.。](?!\d)"),
    "ar_dun": re.compile(_AFTER + r"(\d{1,3})\s*、"),
    "ar_paren": re.compile(r"\(\s*(\d{1,3})\s*\)"),
    "cn_paren": re.compile(rf"\(\s*([{CN}]+)\s*\)"),
    "cn_dun": re.compile(_AFTER + rf"([{CN}]+)、"),
    "circled": re.compile(rf"([{CIRCLED}])"),
    "yishi": re.compile(rf"(?:(?<=[。;,:!?])|^)\s*([{CN}]+)是"),
}


def marker(folded: str) -> Marker | None:
    """``(style, number, end of marker)`` of a folded line that starts with a number."""
    for style, pattern in STYLES:
        m = pattern.match(folded)
        if m:
            n = cn_number(m.group(1))
            if n is None or n == 0:
                continue
            rest = folded[m.end() :]
            if not rest.strip():
                continue
            if style == "cn_dun" and re.match(r"^[是来要]", rest):
                continue
            return style, n, m.end()
    return None


# ``十件民生实事`` ``10项`` ``18个子项目`` ``(5项)`` ``十大工程``: a number and a counter word.
COUNT_RE = re.compile(rf"(?<![\d.%])(\d{{1,3}}|[{CN}]{{1,4}})\s*(件|项|个|大|类|条)(?![\d%])")
_NOT_A_COUNT_AFTER = re.compile(r"^(月|年|日|小时|万|亿|千|百分)")


def stated_counts(folded: str) -> list[tuple[int, int]]:
    """``(position, number)`` of every count a folded text states, in order."""
    found = []
    for m in COUNT_RE.finditer(folded):
        if _NOT_A_COUNT_AFTER.match(folded[m.end() :]):
            continue
        n = cn_number(m.group(1))
        if n is not None and 2 <= n <= 200:
            found.append((m.start(), n))
    return found
