"""The slips an editor makes in YAML, found before the parser sees the file.

A parser reports the first thing it cannot read, in its own words, often a line late: a
full-width colon after ``lead`` is "could not find expected ':'" on the next line. The
scan here reads the text line by line for the slips that Chinese input methods and word
processors make, and names each on its own line with the fix, all of them in one run:

- a full-width colon ``：`` after a key (``lead：``), and a full-width space (U+3000) or a
  tab in the indentation;
- a list written the way Chinese prose writes one: ``lead: 甲、乙`` or ``lead: 甲，乙``
  (one name, not two), ``[甲，乙]`` (a one-item list), ``【甲, 乙】`` (text, not a list);
- a quote or a bracket that is opened and never closed.

Only list fields of the schema (:data:`LIST_KEYS`) are read for list slips, so a ``、`` in a
commitment's text is left alone. Block scalars (``|`` / ``>``) are skipped: their lines
are text. A slip that breaks the file's syntax is marked ``breaking``: the parser's own
complaint near it adds nothing and is not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import schema as s
from generator.messages import msg


def _list_keys() -> frozenset[str]:
    """Names of the fields that hold a list of texts, in any content file's schema."""
    found: set[str] = set()

    def walk(spec: s.Spec) -> None:
        if isinstance(spec, s.Obj):
            for name, f in spec.fields.items():
                inner = f.spec
                if (isinstance(inner, s.ListOf) and isinstance(inner.item, s.Text)) or (
                    isinstance(inner, s.StringOrList)
                ):
                    found.add(name)
                walk(inner)
        elif isinstance(spec, s.ListOf):
            walk(spec.item)
        elif isinstance(spec, s.MapOf):
            walk(spec.value)
        elif isinstance(spec, s.Nullable):
            walk(spec.inner)

    for spec in s.FILE_SCHEMAS.values():
        walk(spec)
    return frozenset(found)


LIST_KEYS = _list_keys()
# What separates items where a list was meant: the enumeration comma and the full-width one.
LIST_SEPARATORS = "、，"

_KEY_FULLWIDTH_COLON = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][\w-]*)[ ]*：")
_KEY = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][\w-]*):(?:[ ]+|$)")
_INDENT = re.compile(r"^[ \t\u3000]*")
_BLOCK_SCALAR = re.compile(r"[|>][+-]?[0-9]?[ ]*(?:#.*)?$")


@dataclass(frozen=True)
class Slip:
    line: int  # 1-based
    column: int  # 1-based
    message: str
    hint: str
    breaking: bool  # the parser cannot read the file as meant


def _strip_comment(text: str) -> str:
    """The line without a trailing ``# comment`` outside quotes."""
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or text[i - 1] in " [{,:"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text.rstrip()


def _close_of(text: str, start: int) -> int | None:
    """Where the quoted scalar or flow collection opened at ``text[start]`` ends (the index
    after it), or None when it runs past the end of ``text``."""
    opener = text[start]
    if opener in "\"'":
        i = start + 1
        while i < len(text):
            ch = text[i]
            if opener == '"' and ch == "\\":
                i += 2
                continue
            if ch == opener:
                if opener == "'" and text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return None
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch in "\"'" and text[i - 1 : i] in ("[", "{", ",", " ", ""):
            end = _close_of(text, i)
            if end is None:
                return None
            i = end
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _items(raw: str) -> list[str]:
    return [p.strip() for p in re.split(f"[,{LIST_SEPARATORS}]", raw) if p.strip()]


def _as_flow_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def scan(text: str) -> list[Slip]:
    """Every slip found in ``text``, in line order."""
    slips: list[Slip] = []
    lines = text.split("\n")
    block_indent: int | None = None  # inside a block scalar whose key is at this indent
    skip_until = 0  # lines of a multi-line quoted or flow value already read
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if number <= skip_until:
            continue
        if not line.strip() or line.lstrip(" ").startswith("#"):
            continue
        indent = _INDENT.match(line).group()  # type: ignore[union-attr]
        if block_indent is not None:
            if len(indent) > block_indent:
                continue
            block_indent = None
        if "\u3000" in indent:
            at = indent.index("\u3000")
            slips.append(
                Slip(
                    number,
                    at + 1,
                    msg("slip.ideographic_space"),
                    msg("slip.ideographic_space.fix"),
                    True,
                )
            )
        if "\t" in indent:
            slips.append(
                Slip(number, indent.index("\t") + 1, msg("slip.tab"), msg("slip.tab.fix"), True)
            )
        # what follows is read as if the indentation were right, to find the other slips
        body = line[len(indent) :]
        line = " " * len(indent) + body
        colon = _KEY_FULLWIDTH_COLON.match(line)
        if colon:
            key = colon.group("key")
            at = line.index("：", colon.end("key"))
            slips.append(
                Slip(
                    number,
                    at + 1,
                    msg("slip.fullwidth_colon", key=key),
                    msg("slip.fullwidth_colon.fix", key=key),
                    True,
                )
            )
            line = line[:at] + ":" + (" " if line[at + 1 : at + 2] != " " else "") + line[at + 1 :]
        key_match = _KEY.match(line)
        if key_match is None:
            continue
        key = key_match.group("key")
        key_indent = len(key_match.group("lead"))
        value_at = key_match.end()
        value = _strip_comment(line[value_at:])
        if not value:
            continue
        if _BLOCK_SCALAR.match(value):
            block_indent = len(indent) if not key_match.group("lead").strip() else key_indent
            continue
        if value[0] in "\"'[{":
            rest = "\n".join([line, *lines[number:]])
            offset = value_at
            end = _close_of(rest, offset)
            # a value that goes on past a line indented no deeper than its key: not closed
            if end is not None:
                ended_on = number + rest.count("\n", 0, end)
                between = lines[number : ended_on - 1]
                if any(t.strip() and len(t) - len(t.lstrip(" ")) <= len(indent) for t in between):
                    end = None
                else:
                    skip_until = ended_on
            if end is None:
                closer = {"[": "]", "{": "}"}.get(value[0], value[0])
                slips.append(
                    Slip(
                        number,
                        value_at + 1,
                        msg("slip.unclosed", opener=value[0]),
                        msg("slip.unclosed.fix", closer=closer),
                        True,
                    )
                )
                continue
        if key not in LIST_KEYS:
            continue
        if value.startswith("[") and value.endswith("]"):
            inner = value[1:-1]
            if any(sep in _unquoted(inner) for sep in LIST_SEPARATORS):
                items = _items(inner)
                slips.append(
                    Slip(
                        number,
                        value_at + 1 + _first_separator(value),
                        msg("slip.fullwidth_comma", key=key, count=len(items)),
                        msg("slip.list.fix", key=key, fixed=_as_flow_list(items)),
                        False,
                    )
                )
        elif value.startswith("【") and value.endswith("】"):
            items = _items(value[1:-1])
            slips.append(
                Slip(
                    number,
                    value_at + 1,
                    msg("slip.fullwidth_brackets", key=key),
                    msg("slip.list.fix", key=key, fixed=_as_flow_list(items)),
                    False,
                )
            )
        elif value[0] not in "\"'[{" and any(sep in value for sep in LIST_SEPARATORS):
            items = _items(value)
            slips.append(
                Slip(
                    number,
                    value_at + 1 + _first_separator(value),
                    msg("slip.joined_list", key=key, count=len(items)),
                    msg("slip.list.fix", key=key, fixed=_as_flow_list(items)),
                    False,
                )
            )
    return slips


def _unquoted(text: str) -> str:
    """``text`` without its quoted parts (a ``、`` inside quotes belongs to a name)."""
    return re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'", "", text)


def _first_separator(value: str) -> int:
    return min((value.index(sep) for sep in LIST_SEPARATORS if sep in value), default=0)
