"""Reading YAML content files safely, keeping the source position of every node.

The YAML is read with YAML 1.2 core-schema semantics: only ``true``/``false`` are booleans,
so an editor's ``no: 3`` or ``on`` means what it says. Dates stay text (validation checks
them). Anchors and aliases are refused (they let a few lines expand to gigabytes), and so are
duplicate keys, files over :data:`MAX_FILE_BYTES` and files that are not UTF-8.

libyaml's C parser does the parsing; the pure-Python parser is used only when PyYAML was
built without libyaml, and then a warning says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from generator.errors import Diagnostic, display_path
from generator.messages import msg
from generator.reuse import ReuseStore
from generator.safety import describe_character
from generator.slips import scan

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

FieldPath = tuple[str | int, ...]

if getattr(yaml, "__with_libyaml__", False):
    _BaseLoader: type = yaml.CSafeLoader
else:  # pragma: no cover - depends on how PyYAML was built
    print(
        "minsheng: warning: PyYAML has no libyaml; loading YAML with the slow pure-Python parser",
        file=sys.stderr,
    )
    _BaseLoader = yaml.SafeLoader


class CoreSchemaLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader whose implicit types follow the YAML 1.2 core schema."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}


_CORE_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]
_IMPLICIT = [
    (tag, re.compile(pattern), frozenset(first)) for tag, pattern, first in _CORE_RESOLVERS
]
for _tag, _regex, _first in _IMPLICIT:
    CoreSchemaLoader.add_implicit_resolver(_tag, _regex, list(_first))


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged node under the core schema.

    Same answers as PyYAML's resolver with the table above, without its per-call list
    building: the C parser calls this for every scalar, and it showed in load profiles.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:  # plain (unquoted)
            if not value:
                return "tag:yaml.org,2002:null"
            first = value[0]
            for tag, regex, firsts in _IMPLICIT:
                if first in firsts and regex.match(value):
                    return tag
        return "tag:yaml.org,2002:str"
    if kind is yaml.SequenceNode:
        return "tag:yaml.org,2002:seq"
    return "tag:yaml.org,2002:map"


CoreSchemaLoader.resolve = _resolve  # type: ignore[method-assign]

_STR = "tag:yaml.org,2002:str"
_KNOWN_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
}


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


@dataclass
class YamlDocument:
    """Plain Python data from one YAML file, and the text it came from.

    Positions are looked up in the file's node tree only when a problem is reported. The
    tree is composed again from the text then: kept for every file, node trees with their
    position marks took about 25 KiB per commitment, most of a build's memory.
    """

    path: Path
    data: Any
    text: str | None = None
    _root: yaml.Node | None = field(default=None, repr=False, compare=False)
    _released: bool = field(default=False, repr=False, compare=False)
    # Lines a problem was reported on while reading the file (a slip, a duplicate key): a
    # check of the same line would only repeat it in other words.
    reported_lines: frozenset[int] = field(default=frozenset(), repr=False, compare=False)
    reported_fields: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (by a build cache) without the node tree: it is made again from the
        text when a position is asked for."""
        state = dict(self.__dict__)
        state["_root"] = None
        return state

    def release(self) -> None:
        """Let go of the data and text once the file has been checked; a position asked
        for afterwards reads the file again."""
        self.data = None
        self.text = None
        self._released = True

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self.text is None and self._released:
            with contextlib.suppress(OSError):
                self.text, _ = _decode(self.path, self.path.read_bytes(), self.display)
        if self._root is None and self.text is not None:
            loader = CoreSchemaLoader(self.text)
            try:
                self._root = loader.get_single_node()
            except yaml.YAMLError:
                return None
            finally:
                loader.dispose()
        return self._root

    @property
    def display(self) -> str:
        return display_path(self.path)

    def position(self, path: FieldPath, *, key: bool = False) -> Position:
        """Where ``path`` stands (its key with ``key=True``); else its nearest ancestor."""
        node = self.root
        if node is None:
            return Position(1, 1)
        key_node: yaml.Node | None = None
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                pair = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == part
                    ),
                    None,
                )
                if pair is None:
                    return _position(node)
                key_node, node = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return _position(node)
                key_node, node = None, node.value[part]
            else:
                return _position(node)
        return _position(key_node if key and key_node is not None else node)

    def diagnostic(
        self, path: FieldPath, message: str, hint: str = "", *, key: bool = False, **kw: Any
    ) -> Diagnostic:
        pos = self.position(path, key=key)
        return Diagnostic(
            self.display, pos.line, pos.column, format_field_path(path), message, hint, **kw
        )


def format_field_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


class _Builder:
    """Turns a composed node tree into plain data, recording positions and problems."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Diagnostic] = []
        self._seen: set[int] = set()

    def _problem(self, mark: yaml.Mark, path: FieldPath, message: str, hint: str = "") -> None:
        self.problems.append(
            Diagnostic(
                self.doc.display,
                mark.line + 1,
                mark.column + 1,
                format_field_path(path),
                message,
                hint,
            )
        )

    def build(
        self, node: yaml.Node, path: FieldPath, depth: int = 0, key_mark: yaml.Mark | None = None
    ) -> Any:
        if depth > MAX_DEPTH:
            self._problem(node.start_mark, path, msg("yaml.too_deep", depth=MAX_DEPTH))
            return None
        if id(node) in self._seen:
            # The composer hands back the anchored node itself; point at the alias's key.
            self._problem(
                key_mark or node.start_mark,
                path,
                msg("yaml.alias"),
                msg("yaml.alias.fix"),
            )
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<"
            ):
                self._problem(
                    key_node.start_mark,
                    path,
                    msg("yaml.merge"),
                    msg("yaml.merge.fix"),
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node.start_mark, path, msg("yaml.key_not_text"))
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                self._problem(
                    key_node.start_mark,
                    child,
                    msg("yaml.duplicate_key", key=key),
                    msg("yaml.duplicate_key.fix"),
                )
                continue
            result[key] = self.build(value_node, child, depth + 1, key_node.start_mark)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        tag, value = node.tag, node.value
        if tag not in _KNOWN_SCALAR_TAGS:
            self._problem(node.start_mark, path, msg("yaml.tag", tag=tag), msg("yaml.tag.fix"))
            return value
        if tag == _STR:
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value)
        # YAML spells the non-finite numbers .inf and .nan; validation refuses them.
        return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))


def _decode(path: Path, raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        try:
            raw.decode("gb18030")
            looks_like = msg("file.gbk")
            fix = msg("file.gbk.fix", path=path)
        except UnicodeDecodeError:
            looks_like = msg("file.not_utf8")
            fix = msg("file.not_utf8.fix")
        return None, [
            Diagnostic(
                display,
                line,
                column,
                "",
                msg("file.bad_byte", what=looks_like, byte=f"{raw[exc.start]:#04x}"),
                fix,
            )
        ]


def _character_problem(display: str, text: str, exc: yaml.reader.ReaderError) -> Diagnostic:
    code = exc.character if isinstance(exc.character, int) else 0
    # libyaml counts its position in bytes; the character itself is found in the text.
    at = text.find(chr(code))
    at = at if at >= 0 else min(exc.position, len(text))
    before = text[:at]
    line = before.count("\n") + 1
    column = at - (before.rfind("\n") + 1) + 1
    return Diagnostic(
        display,
        line,
        column,
        "",
        msg("file.invisible", character=describe_character(chr(code))),
        msg("file.invisible.fix"),
    )


def load_yaml(path: Path) -> tuple[YamlDocument, list[Diagnostic]]:
    """Read one YAML file; return its data with positions, and every problem found.

    When problems are returned the data may be partial (``None`` where a node was refused).
    """
    doc = YamlDocument(path=path, data=None)
    display = doc.display
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return doc, [
                Diagnostic(
                    display,
                    1,
                    1,
                    "",
                    msg("file.too_big", size=size, limit=MAX_FILE_BYTES),
                    msg("file.too_big.fix"),
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return doc, [Diagnostic(display, 1, 1, "", msg("file.unreadable", reason=exc.strerror))]
    text, problems = _decode(path, raw, display)
    if text is None:
        return doc, problems
    found = scan(text)
    slips = [
        Diagnostic(display, slip.line, slip.column, "", slip.message, slip.hint) for slip in found
    ]
    near_slip = {n for d in slips for n in (d.line, d.line + 1, d.line + 2)}
    doc.reported_lines = frozenset(d.line for d in slips)
    loader = CoreSchemaLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        problem = _syntax_problem(display, exc)
        # a slip already named what broke the file; the parser's words about it add nothing
        return doc, slips if slips and problem.line in near_slip else [*slips, problem]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. U+0001
        return doc, [*slips, _character_problem(display, text, exc)]
    except yaml.YAMLError as exc:
        return doc, [*slips, Diagnostic(display, 1, 1, "", msg("yaml.syntax", what=str(exc)))]
    finally:
        loader.dispose()
    if node is None or any(slip.breaking for slip in found):
        # What the parser made of a file with a breaking slip is not what its editor wrote
        # (a line indented with U+3000 joins the line above): checking it would only
        # report the slip's consequences.
        return doc, slips
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    doc.text = text
    if builder.problems or slips:
        doc._root = node  # positions of further problems will be asked for
    doc.reported_lines = frozenset(d.line for d in (*slips, *builder.problems))
    doc.reported_fields = frozenset(d.field for d in builder.problems if d.field)
    return doc, [*slips, *builder.problems]


# libyaml's words for what it could not read → what an editor would call it; the first
# that appears in the parser's message is used.
_SYNTAX_WORDS = (
    ("could not find expected ':'", "yaml.syntax.no_colon"),
    ("mapping values are not allowed", "yaml.syntax.colon_in_value"),
    ("found character '\\t'", "yaml.syntax.tab"),
    ("found character '\t'", "yaml.syntax.tab"),
    ("did not find expected key", "yaml.syntax.indent"),
    ("did not find expected '-' indicator", "yaml.syntax.indent"),
    ("expected <block end>", "yaml.syntax.indent"),
    ("found unexpected end of stream", "yaml.syntax.unclosed"),
    ("did not find expected ',' or ']'", "yaml.syntax.unclosed"),
    ("did not find expected ',' or '}'", "yaml.syntax.unclosed"),
)


def _syntax_problem(display: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """The parser's error in plain words, on the line where the trouble starts: "while
    scanning a simple key" points at the key's own line, the problem mark at the next."""
    said = " ".join(p for p in (exc.context, exc.problem) if p)
    key = next((k for words, k in _SYNTAX_WORDS if words in said), None)
    mark = exc.problem_mark or exc.context_mark
    if key == "yaml.syntax.no_colon" and exc.context_mark is not None:
        mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = msg(key) if key else said
    return Diagnostic(
        display, line, column, "", msg("yaml.syntax", what=what), msg("yaml.syntax.fix")
    )


# --- confinement: nothing is read through a link that leaves its folder ----------------------

OUTSIDE_HINT = "copy the file into the folder instead; minsheng reads nothing outside it"


def leaves(path: Path, root: Path) -> bool:
    """Whether ``path`` (under ``root``) is, or passes through, a symbolic link that leads
    outside ``root``: such a file is never read (a link to /proc/self/environ or
    /etc/passwd would otherwise be published, or quoted in a message)."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def outside_problem(path: Path, root: Path, what: str) -> Diagnostic | None:
    """A diagnostic for a file under ``root`` that :func:`leaves` it, naming only the
    file's own path (never where the link leads or what is there)."""
    if not leaves(path, root):
        return None
    return Diagnostic(
        display_path(path),
        1,
        1,
        "",
        f"is a symbolic link that leads outside the {what} folder; it is not read",
        OUTSIDE_HINT,
    )


def escaping_links(root: Path, what: str) -> list[Diagnostic]:
    """Every file or folder link under ``root`` that leads outside it (folder links are not
    followed while looking)."""
    problems: list[Diagnostic] = []
    for folder, dirs, names in os.walk(root):
        for name in [*dirs, *names]:
            path = Path(folder) / name
            if path.is_symlink():
                problem = outside_problem(path, root, what)
                if problem is not None:
                    problems.append(problem)
    return problems


def load_yaml_file(
    files: ReuseStore, path: Path, *, by_content: bool = False
) -> tuple[YamlDocument, list[Diagnostic]]:
    """:func:`load_yaml`, or last build's document while the file's size, mtime and inode
    are the same (the same object: what is made from it can be reused by identity).

    ``by_content`` stamps a file by its bytes instead: a build cache restored into a fresh
    checkout (``minsheng build --cache``) sees every file with a new mtime and inode."""
    try:
        if by_content:
            raw = path.read_bytes()
            stamp: tuple[Any, ...] = (len(raw), hashlib.blake2b(raw, digest_size=16).hexdigest())
        else:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        return load_yaml(path)
    return files.get(path, stamp, lambda: load_yaml(path))
