"""Small helpers for the shipping tests: reading built HTML with the standard library."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class PageSummary(HTMLParser):
    """The ``<title>``, the ``<h1>`` texts and every ``href`` of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1: list[str] = []
        self.hrefs: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "h1"):
            self._in.append(tag)
            if tag == "h1":
                self.h1.append("")
        for name, value in attrs:
            if name == "href" and value is not None:
                self.hrefs.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if not self._in:
            return
        if self._in[-1] == "title":
            self.title += data
        else:
            self.h1[-1] += data


def read_page(path: Path) -> PageSummary:
    page = PageSummary()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page
