"""A small stdlib HTML reader for the accountability tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "col", "area", "base"}


@dataclass
class El:
    tag: str
    attrs: dict[str, str]
    children: list[El | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def flat(self) -> str:
        return " ".join(self.text().split())

    def iter(self) -> list[El]:
        out: list[El] = []
        for c in self.children:
            if isinstance(c, El):
                out.append(c)
                out.extend(c.iter())
        return out

    def find_all(self, tag: str, **attrs: str) -> list[El]:
        return [
            e
            for e in self.iter()
            if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def by_id(self, id_: str) -> El:
        found = [e for e in self.iter() if e.attrs.get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements with id {id_}"
        return found[0]

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def with_class(self, name: str) -> list[El]:
        return [e for e in self.iter() if e.has_class(name)]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = El("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = El(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(El(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> El:
    parser = _Parser()
    parser.feed(path.read_text("utf-8"))
    return parser.root


def page(output: Path, url: str) -> El:
    return parse(output / url / "index.html")


def main(output: Path, url: str) -> El:
    return page(output, url).find_all("main")[0]


def rows(table: El) -> list[list[str]]:
    return [
        [cell.flat() for cell in tr.iter() if cell.tag in ("td", "th")]
        for tr in table.find_all("tr")
    ]
