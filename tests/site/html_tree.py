"""A small HTML tree and well-formedness checker on top of the stdlib ``html.parser``.

The site's templates close every element they open, so the checker is strict: an end tag
that does not match the innermost open element, an element left open at the end of the
document, a block element inside ``<p>`` (a browser would close the paragraph early, so the
page would not be what the template says) and a repeated ``id`` are all reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Elements that end an open <p> in the HTML parsing algorithm.
CLOSES_P = {
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    line: int
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.attrs.get(name)
        return default if value is None else value

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        out = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if cls is not None and cls not in node.classes:
                continue
            if any(node.attrs.get(k.rstrip("_").replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(node)
        return out

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        if not found:
            raise AssertionError(f"no <{tag or '*'}> class={cls} {attrs} in <{self.tag}>")
        return found[0]

    def text(self) -> str:
        """The text content with whitespace runs collapsed to one space."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def flat(self) -> str:
        """The text content with whitespace collapsed (the name the page tests read)."""
        return self.text()

    def has_class(self, name: str) -> bool:
        return name in self.classes

    def with_class(self, name: str) -> list[Node]:
        return self.find_all(cls=name)

    def by_id(self, id_: str) -> Node:
        found = self.find_all(id=id_)
        assert len(found) == 1, f"{len(found)} elements with id {id_}"
        return found[0]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, 0)
        self.stack: list[Node] = [self.root]
        self.problems: list[str] = []
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node:
        line = self.getpos()[0]
        names = [name for name, _ in attrs]
        for name in set(names):
            if names.count(name) > 1:
                self.problems.append(f"line {line}: <{tag}> repeats attribute {name!r}")
        top = self.stack[-1]
        if tag in CLOSES_P and top.tag == "p":
            self.problems.append(f"line {line}: <{tag}> inside <p> (opened line {top.line})")
        node = Node(tag, dict(attrs), line, parent=top)
        top.children.append(node)
        return node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = self._open(tag, attrs)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)  # <rect/> in inline SVG: complete as written

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag in VOID:
            self.problems.append(f"line {line}: end tag </{tag}> of a void element")
            return
        top = self.stack[-1]
        if top.tag == tag:
            self.stack.pop()
            return
        if any(n.tag == tag for n in self.stack[1:]):
            self.problems.append(
                f"line {line}: </{tag}> closes <{top.tag}> opened line {top.line} (unclosed)"
            )
            while self.stack[-1].tag != tag:
                self.stack.pop()
            self.stack.pop()
        else:
            self.problems.append(f"line {line}: </{tag}> without an open <{tag}>")

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def close(self) -> None:
        super().close()
        for node in self.stack[1:]:
            self.problems.append(f"line {node.line}: <{node.tag}> is never closed")


@dataclass
class Document:
    path: str  # relative to the output folder, e.g. plans/east-2022/index.html
    root: Node
    problems: list[str]
    doctype: str | None

    @property
    def url(self) -> str:
        """The site-relative page URL (``plans/east-2022/``; ``404.html``)."""
        if self.path == "index.html":
            return ""
        return self.path.removesuffix("index.html")

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return self.root.find_all(tag, cls, **attrs)

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        return self.root.find(tag, cls, **attrs)

    def meta(self, key: str) -> str | None:
        for node in self.find_all("meta"):
            if key in (node.get("name"), node.get("property")):
                return node.get("content")
        return None

    @property
    def main(self) -> Node:
        return self.find("main")

    def ids(self) -> list[str]:
        return [n.attrs["id"] or "" for n in self.root.iter() if "id" in n.attrs]


def parse(text: str, path: str = "") -> Document:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return Document(path, builder.root, builder.problems, builder.doctype)


_parsed: dict[tuple[Path, int, int], Document] = {}


def parse_file(output: Path, path: Path) -> Document:
    """A page of a built site, parsed once per test session (outputs are not rewritten)."""
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    doc = _parsed.get(key)
    if doc is None:
        doc = _parsed[key] = parse(path.read_text("utf-8"), path.relative_to(output).as_posix())
    return doc


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def load_site(output: Path) -> dict[str, Document]:
    """Every HTML page of a built site by URL."""
    docs = [parse_file(output, p) for p in html_files(output)]
    return {d.url: d for d in docs}


def validity_problems(doc: Document) -> list[str]:
    """What makes a page not well-formed: parse problems, duplicate ids, a missing doctype."""
    problems = list(doc.problems)
    if (doc.doctype or "").lower() != "doctype html":
        problems.append(f"doctype is {doc.doctype!r}, not <!DOCTYPE html>")
    seen: set[str] = set()
    for ident in doc.ids():
        if ident in seen:
            problems.append(f"duplicate id {ident!r}")
        seen.add(ident)
    return [f"{doc.path}: {p}" for p in problems]
