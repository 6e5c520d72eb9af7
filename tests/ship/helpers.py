"""Reading built pages for the shipping tests, with the tests' one HTML parser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.site.html_tree import parse


@dataclass
class PageSummary:
    """The ``<title>``, the ``<h1>`` texts and every ``href`` of one HTML page."""

    title: str
    h1: list[str]
    hrefs: list[str]


def read_page(path: Path) -> PageSummary:
    doc = parse(path.read_text("utf-8"))
    titles = doc.find_all("title")
    return PageSummary(
        title=titles[0].text() if titles else "",
        h1=[h.text() for h in doc.find_all("h1")],
        hrefs=[n.attrs["href"] or "" for n in doc.root.iter() if n.attrs.get("href") is not None],
    )
