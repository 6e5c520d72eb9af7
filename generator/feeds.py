"""Atom feeds built from the model (filled in by the feeds work)."""

from __future__ import annotations

from generator.i18n import Translator
from generator.model import Content
from generator.render import Links


def build_feeds(content: Content, links: Links, t: Translator) -> dict[str, bytes]:
    return {}
