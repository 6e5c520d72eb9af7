"""Reading built pages for the accountability tests, with the tests' one HTML parser."""

from __future__ import annotations

from pathlib import Path

from tests.site.html_tree import Node as El
from tests.site.html_tree import parse

__all__ = ["El", "main", "page", "rows"]


def page(output: Path, url: str) -> El:
    return parse((output / url / "index.html").read_text("utf-8")).root


def main(output: Path, url: str) -> El:
    return page(output, url).find_all("main")[0]


def rows(table: El) -> list[list[str]]:
    return [
        [cell.flat() for cell in tr.iter() if cell.tag in ("td", "th")]
        for tr in table.find_all("tr")
    ]
