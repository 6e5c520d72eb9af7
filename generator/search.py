"""Search index files built from the model (filled in by the search work)."""

from __future__ import annotations

from generator.model import Content
from generator.render import Links


def build_search_files(content: Content, links: Links) -> dict[str, bytes]:
    return {}
