"""Text normalisation for matching, with a map back to the original characters.

Plans arrive with full-width and half-width punctuation and digits mixed, stray spaces
inside numbers (``0.8 万人``), Traditional characters from mirror sites and website chrome
around the content. Parsing works on a *folded* form of each line: half-width ASCII,
Simplified characters, no spaces next to digits. The folded form keeps, for every character,
the position of the original character it came from, so that what the importer publishes is
always cut from the original text, never from the folded one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    from opencc import OpenCC  # type: ignore[import-untyped]

    converter: _Converter = OpenCC("t2s")
    return converter


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (``１２（：``) and the ideographic space as half-width."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif ch in "\u3000\u00a0\u2002\u2003\u2009":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def to_simplified(text: str) -> str:
    """Traditional characters as Simplified, character for character (same length)."""
    if text.isascii():
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c2 if len(c2 := _t2s().convert(ch)) == 1 else ch for ch in text)


@dataclass(frozen=True)
class Folded:
    """The folded (matching) form of an original string.

    ``origin[i]`` is the index in ``original`` of the character ``text[i]`` came from;
    ``origin[len(text)]`` is ``len(original)``.
    """

    original: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> str:
        """The original text behind ``text[start:end]``."""
        if start >= end:
            return ""
        return self.original[self.origin[start] : self.origin[end - 1] + 1]

    def tail(self, start: int) -> str:
        """The original text from folded position ``start`` to the end."""
        return self.original[self.origin[start] :] if start < len(self.text) else ""


def fold(original: str) -> Folded:
    """Fold ``original`` for matching: half-width, Simplified, no spaces beside digits."""
    plain = to_simplified(to_halfwidth(original))
    chars: list[str] = []
    origin: list[int] = []
    n = len(plain)
    i = 0
    while i < n:
        ch = plain[i]
        if ch.isspace():
            j = i
            while j < n and plain[j].isspace():
                j += 1
            before = chars[-1] if chars else ""
            after = plain[j] if j < n else ""
            if before.isdigit() or after.isdigit() or not before or not after:
                i = j  # drop spaces beside digits and at the ends
                continue
            chars.append(" ")
            origin.append(i)
            i = j
            continue
        chars.append(ch)
        origin.append(i)
        i += 1
    origin.append(len(original))
    return Folded(original, "".join(chars), tuple(origin))


def key(text: str) -> str:
    """The folded form of ``text`` alone (for comparisons and dictionary keys)."""
    return fold(text).text


def split_lines(text: str) -> list[str]:
    """Lines of a text with any newline convention, without a byte-order mark."""
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# Lines of website chrome, document-site furniture and page furniture. Matched against the
# folded line (half-width, Simplified).
_NOISE_PATTERNS = [
    r"^(首页|当前位置|您的位置|您现在的位置|所在位置)\s*[>:»]",
    r">\s*正文$",
    r"(?i)copyright|©|版权所有|icp备|网站标识码|网站地图|技术支持[:]|访问量|浏览次数|阅读次数",
    r"^(责任编辑|编辑|审核|校对|稿件来源|信息来源|来源|作者|发布时间|发布日期|点击数)\s*[:]",
    r"^(上一篇|下一篇|上一条|下一条)\s*[:]?",
    r"^(网友留言|发表评论|验证码|文明上网|我要纠错|分享到|相关链接|相关阅读|扫一扫)",
    r"^[【\[]?(打印|关闭|打印本页|关闭窗口|返回顶部|字号|保存本页)[】\]]?",
    r"^字号\s*[:]?\s*[大中小]",
    r"^收藏\s*分享",
    r"^(展开阅读全文|相关资源|猜你喜欢|相关搜索|资源描述|下载\s*相关\s*举报|全部预览完了.*)$",
    r"^上传人\s*[:]",
    r"^亲,该文档",
    r"\.(docx?|pdf|wps)_第\d+页$",
    r"^第\s*\d+\s*页\s*(/|,)?\s*共\s*\d+\s*页$",
    r"^[-—–−_\s]*\d{1,4}[-—–−_\s]*$",
    r"^\d{1,4}\s*/\s*\d{1,4}$",
    r"^主办\s*[:].*承办",
    r"^(抄送|抄报|印发|主送)\s*[:]",
    r"\d{4}年\d{1,2}月\d{1,2}日\s*印发$",
    r"^\((此件|本件)[^)]*\)$",
    r"^此资料由网络收集",
    r"^经营许可证",
]
_NOISE = [re.compile(p) for p in _NOISE_PATTERNS]

# Document-site sentences glued to the end of content.
_INLINE_NOISE = re.compile(r"此资料由网络收集而来.*$|本文档由.*?上传.*$")


def is_noise(folded_line: str) -> bool:
    """Whether a folded, stripped line is website or page furniture, not content."""
    line = folded_line.strip()
    if not line:
        return False
    return any(p.search(line) for p in _NOISE)


def strip_inline_noise(original: str) -> str:
    """``original`` without document-site boilerplate glued to its end."""
    folded = fold(original)
    m = _INLINE_NOISE.search(folded.text)
    if not m:
        return original
    return folded.span(0, m.start()).rstrip()


# Pinyin that a broken Simplified→Traditional converter of mirror sites puts after some
# characters: ``實(shí)事``, ``創(chuàng )業``. A parenthesis holding one Latin syllable with a tone
# mark is never plan text.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_RE = re.compile(rf"\((?:[a-zü]*[{_TONED}][a-zü]*) ?\)")


def strip_pinyin(original: str) -> str:
    """``original`` without pinyin residue in parentheses (``區(qū)`` → ``區``)."""
    return PINYIN_RE.sub("", original)


TERMINAL = "。;!?)】；！？）"


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence or a clause list (so what follows is not its rest)."""
    stripped = to_halfwidth(text).rstrip()
    return bool(stripped) and stripped[-1] in TERMINAL
