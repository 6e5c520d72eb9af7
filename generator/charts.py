"""Charts drawn as inline SVG at build time: no JavaScript, readable without colour.

Each chart carries its numbers as text too (an accessible name on the SVG and a visible
legend with counts and status icons), so colour is never the only carrier of meaning.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Protocol

from markupsafe import Markup

STATUS_COLOURS = {
    "completed": "#1b7a3d",
    "on_track": "#1f5fa8",
    "behind": "#b35900",
    "not_started": "#6b6b6b",
    "adjusted": "#7a4fa3",
    "not_reported": "#c9c9c9",
}
# Stripes and dots distinguish segments for readers who do not see the colours.
STATUS_PATTERNS = {
    "behind": "stripes",
    "not_started": "dots",
    "adjusted": "stripes",
}


class _Count(Protocol):
    status: str
    count: int


class _Summary(Protocol):
    total: int
    counts: tuple[_Count, ...]


def status_bar(summary: _Summary, title: str, label: Callable[[str], str]) -> Markup:
    """A horizontal stacked bar of status counts, with a legend listing every count."""
    total = summary.total
    parts = [c for c in summary.counts if c.count]
    described = "；".join(f"{label(c.status)} {c.count}" for c in parts) or "0"
    name = html.escape(f"{title}：{described}", quote=True)
    width = 100.0
    x = 0.0
    rects = []
    for c in parts:
        w = width * c.count / total if total else 0
        pattern = STATUS_PATTERNS.get(c.status)
        fill = STATUS_COLOURS.get(c.status, "#999")
        rects.append(f'<rect x="{x:.3f}" y="0" width="{w:.3f}" height="10" fill="{fill}"/>')
        if pattern:
            rects.append(
                f'<rect x="{x:.3f}" y="0" width="{w:.3f}" height="10" fill="url(#ms-{pattern})"/>'
            )
        x += w
    defs = (
        "<defs>"
        '<pattern id="ms-stripes" width="2" height="2" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="1" height="2" fill="#fff" '
        'fill-opacity="0.45"/></pattern>'
        '<pattern id="ms-dots" width="2" height="2" patternUnits="userSpaceOnUse">'
        '<circle cx="1" cy="1" r="0.4" fill="#fff" fill-opacity="0.6"/></pattern>'
        "</defs>"
    )
    svg = (
        f'<svg class="status-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        f'role="img" aria-label="{name}" focusable="false">{defs}'
        f'<rect x="0" y="0" width="100" height="10" fill="#eee"/>{"".join(rects)}</svg>'
    )
    legend = "".join(
        f'<li><span class="swatch swatch-{c.status}" aria-hidden="true"></span>'
        f"{html.escape(label(c.status))} <strong>{c.count}</strong></li>"
        for c in parts
    )
    return Markup(
        f'<figure class="chart"><figcaption>{html.escape(title)}</figcaption>{svg}'
        f'<ul class="legend">{legend}</ul></figure>'
    )
