"""Reading built pages for the accountability tests, with the tests' one HTML parser."""

from __future__ import annotations

from pathlib import Path

from tests.site import html_tree
from tests.site.html_tree import Node as El

__all__ = ["El", "main", "page", "parse", "rows"]


def parse(path: Path) -> El:
    """The document tree of one built HTML file."""
    return html_tree.parse(path.read_text("utf-8")).root


def page(output: Path, url: str) -> El:
    return parse(output / url / "index.html")


def main(output: Path, url: str) -> El:
    return page(output, url).find_all("main")[0]


def rows(table: El) -> list[list[str]]:
    return [
        [cell.flat() for cell in tr.iter() if cell.tag in ("td", "th")]
        for tr in table.find_all("tr")
    ]
