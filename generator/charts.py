"""Charts drawn as inline SVG at build time: no JavaScript, readable without colour.

Each chart carries its numbers as text too (an accessible name on the SVG and a visible
legend with counts and status icons), so colour is never the only carrier of meaning.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from typing import Protocol

from markupsafe import Markup

from generator.i18n import Translator

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


def coverage(total: int, reported: int, t: Translator) -> str:
    """How many of the counted commitments have any progress information, as the year
    chart says under its bars (a status bar is always shown beside the summary line that
    says it): without it, a missing bar of completed items reads like a verdict."""
    return f'<p class="coverage">{html.escape(t("summary.coverage", total=total, reported=reported))}</p>'


def status_bar(summary: _Summary, title: str, t: Translator) -> Markup:
    """A horizontal stacked bar of status counts, with a legend listing every count."""
    total = summary.total
    parts = [c for c in summary.counts if c.count]

    def label(status: str) -> str:
        return t(f"status.{status}")

    described = t("punct.semicolon").join(f"{label(c.status)} {c.count}" for c in parts) or "0"
    name = html.escape(t.colon(title, described), quote=True)
    # Pattern ids must be unique on a page that shows several bars (e.g. a department's
    # led and supported commitments): derive them from the chart's title and numbers.
    prefix = "ms-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
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
                f'<rect x="{x:.3f}" y="0" width="{w:.3f}" height="10" fill="url(#{prefix}-{pattern})"/>'
            )
        x += w
    defs = (
        "<defs>"
        f'<pattern id="{prefix}-stripes" width="2" height="2" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="1" height="2" fill="#fff" '
        'fill-opacity="0.45"/></pattern>'
        f'<pattern id="{prefix}-dots" width="2" height="2" patternUnits="userSpaceOnUse">'
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


class _YearBar(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def total(self) -> int: ...
    @property
    def completed(self) -> int: ...
    @property
    def overdue(self) -> int: ...
    @property
    def reported(self) -> int: ...


# The three series of a year chart, told apart by fill *and* pattern *and* position, and
# every bar carries its number as text, so nothing depends on seeing colour.
YEAR_SERIES = (
    ("total", "#ffffff", None),  # outline only
    ("completed", STATUS_COLOURS["completed"], None),  # solid
    ("overdue", "#a11d21", "stripes"),  # striped
)


def year_bars(bars: Sequence[_YearBar], title: str, t: Translator, chart_id: str) -> Markup:
    """Grouped bars per year: how many commitments, how many completed, how many overdue.

    The series are named by ``chart.total``, ``chart.completed`` and ``chart.overdue``;
    ``chart_id`` makes the SVG pattern ids unique on a page that has several charts.
    """
    if not bars:
        return Markup("")
    labels = {key: t(f"chart.{key}") for key, _fill, _pattern in YEAR_SERIES}
    comma = t("punct.comma")
    bar_w, gap, group_gap, top, plot_h, bottom = 14.0, 2.0, 14.0, 14.0, 90.0, 18.0
    group_w = 3 * bar_w + 2 * gap
    width = len(bars) * group_w + (len(bars) + 1) * group_gap
    height = top + plot_h + bottom
    peak = max((b.total for b in bars), default=0) or 1
    pid = f"{_safe_id(chart_id)}-stripes"
    parts: list[str] = [
        f'<defs><pattern id="{pid}" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="{YEAR_SERIES[2][1]}"/>'
        '<rect width="1.5" height="4" fill="#fff" fill-opacity="0.55"/></pattern></defs>',
        f'<line x1="0" y1="{top + plot_h}" x2="{width:.1f}" y2="{top + plot_h}" '
        'stroke="#555" stroke-width="0.5"/>',
    ]
    described: list[str] = []
    for i, b in enumerate(bars):
        x0 = group_gap + i * (group_w + group_gap)
        values = (b.total, b.completed, b.overdue)
        for j, ((_key, fill, pattern), value) in enumerate(zip(YEAR_SERIES, values, strict=True)):
            h = plot_h * value / peak
            x = x0 + j * (bar_w + gap)
            y = top + plot_h - h
            paint = f"url(#{pid})" if pattern else fill
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{paint}" stroke="#333" stroke-width="0.6"/>'
            )
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 2:.1f}" font-size="8" '
                f'text-anchor="middle" fill="#222">{value}</text>'
            )
        parts.append(
            f'<text x="{x0 + group_w / 2:.1f}" y="{top + plot_h + 12:.1f}" font-size="9" '
            f'text-anchor="middle" fill="#222">{html.escape(b.label)}</text>'
        )
        counts = (
            f"{labels['total']} {b.total}",
            f"{labels['completed']} {b.completed}",
            f"{labels['overdue']} {b.overdue}",
        )
        described.append(t.colon(b.label, comma.join(counts)))
    name = html.escape(t.colon(title, t("punct.semicolon").join(described)), quote=True)
    svg = (
        f'<svg class="year-bars" viewBox="0 0 {width:.1f} {height:.1f}" role="img" '
        f'aria-label="{name}" focusable="false" width="{width * 2:.0f}" height="{height * 2:.0f}" '
        'style="max-width:100%;height:auto">'
        f"{''.join(parts)}</svg>"
    )
    legend = "".join(
        f'<li><svg width="14" height="10" aria-hidden="true" focusable="false">'
        f'<rect x="0.5" y="0.5" width="13" height="9" '
        f'fill="{f"url(#{pid})" if pattern else fill}" stroke="#333"/></svg> '
        f"{html.escape(labels[key])}</li>"
        for key, fill, pattern in YEAR_SERIES
    )
    return Markup(
        f'<figure class="chart chart-years"><figcaption>{html.escape(title)}</figcaption>{svg}'
        f'<ul class="legend">{legend}</ul>'
        f"{coverage(sum(b.total for b in bars), sum(b.reported for b in bars), t)}</figure>"
    )


def _safe_id(value: str) -> str:
    return "ms-" + "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in value)
