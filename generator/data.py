"""Open data files built from the model (filled in by the open-data work)."""

from __future__ import annotations

from generator.model import Content
from generator.render import Links


def build_data_files(content: Content, links: Links) -> dict[str, bytes]:
    return {}
