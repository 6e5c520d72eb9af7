"""Turning page contexts into HTML with Jinja: autoescaped, strict, sanitized.

Templates come from the site's own ``theme/templates`` first, then the default theme, so a
site overrides any template by putting a file of the same name in its ``theme/`` folder.
``default:<name>`` always names the default theme's template, so an override can extend the
template it replaces (``{% extends "default:plan.html" %}``) and change only some blocks.
Markdown from content is rendered with ``markdown`` and cleaned with nh3 (an allow-list
sanitizer), so script tags, event attributes and ``javascript:`` links never reach a page.
"""

from __future__ import annotations

import hashlib
import html
import multiprocessing as mp
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import markdown as markdown_lib
import nh3
import segno
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)
from jinja2.ext import Extension
from markupsafe import Markup, escape

from generator import charts
from generator.contexts import CommitmentRow, PageBase
from generator.errors import MinshengError
from generator.i18n import Translator
from generator.model import STATUS_ICONS, Site, Target
from generator.reuse import ReuseStore
from generator.urls import Links, page_path

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "del",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}
# Text with none of these characters renders to a plain paragraph: skip the markdown parser.
_MARKDOWN_SYNTAX = re.compile(r"[*_`#>\[\]<&|~\\!]|^\s*(?:[-+]|\d+\.)\s|\n\s*\n|https?://", re.M)


def default_theme_dir() -> Path:
    """The default theme: packaged inside ``generator/`` in a wheel, ``theme/`` in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "theme"
    return packaged if packaged.is_dir() else here.parent / "theme"


def theme_dirs(user_theme: Path | None) -> list[Path]:
    dirs = []
    default = default_theme_dir().resolve()
    if user_theme is not None and user_theme.is_dir() and user_theme.resolve() != default:
        dirs.append(user_theme)
    dirs.append(default)
    return dirs


DEFAULT_PREFIX = "default"  # {% extends "default:plan.html" %}: the default theme's plan.html


def template_loader(user_theme: Path | None) -> BaseLoader:
    """The site's templates before the default theme's; ``default:name`` is the default's
    ``name`` even where the site overrides it (Datasette's model for extending a template)."""
    default = FileSystemLoader(str(default_theme_dir() / "templates"))
    return ChoiceLoader(
        [
            PrefixLoader({DEFAULT_PREFIX: default}, delimiter=":"),
            *(FileSystemLoader(str(d / "templates")) for d in theme_dirs(user_theme)),
        ]
    )


def render_markdown(text: str) -> Markup:
    """Markdown to sanitized HTML."""
    if not _MARKDOWN_SYNTAX.search(text):
        return Markup(f"<p>{html.escape(text, quote=False)}</p>")
    raw = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


MAX_KEPT_FRAGMENTS = 200_000

# ``{{ t("key") }}`` exactly: an interface string without values, the same on every page
_CONSTANT_STRING = re.compile(r'\{\{ t\("([A-Za-z0-9_.\-]+)"\) \}\}')


class ConstantStrings(Extension):
    """Writes each ``{{ t("key") }}`` into the template as the escaped text it renders to,
    when the template is compiled: the language is fixed per renderer, and calling ``t``
    from a template (a Jinja context call and an escape) was the largest single cost of
    rendering (about 1.1 million calls at 10k commitments). The output is unchanged: the
    text is what autoescaping would write. A key the catalog lacks, or a text holding a
    brace (Jinja syntax) or a line break (template line numbers), is left to ``t``."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        t = self.environment.globals.get("t")
        if not isinstance(t, Translator):
            return source

        def fold(match: re.Match[str]) -> str:
            text = t.catalog.get(match.group(1))
            if text is None or any(ch in text for ch in "{}\n"):
                return match.group(0)
            return str(escape(text))

        return _CONSTANT_STRING.sub(fold, source)


class Renderer:
    """A configured Jinja environment for one site."""

    def __init__(
        self,
        site: Site,
        links: Links,
        *,
        user_theme: Path | None = None,
        asset_hashes: Mapping[str, str] | None = None,
        across_builds: bool = False,
    ) -> None:
        self.site = site
        self.links = links
        self.t = Translator(site.language)
        self.asset_hashes = dict(asset_hashes or {})
        self.env = Environment(
            loader=template_loader(user_theme),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            extensions=[ConstantStrings],
        )
        # Rendered fragments that many pages repeat (a commitment's row is on its plan,
        # department, category and home pages), by their inputs; see row_html().
        self.fragments = ReuseStore(across_builds=across_builds, limit=MAX_KEPT_FRAGMENTS)
        self.fragments.begin()
        self.env.globals.update(self.helpers())
        self.env.globals.update(site=site, t=self.t)

    def helpers(self) -> dict[str, Callable[..., Any]]:
        return {
            "url": self.links.url,
            "abs_url": self.links.abs_url,
            "asset": self.asset,
            "markdown": self.markdown,
            "status_label": self.status_label,
            "status_icon": status_icon,
            "fmt_date": self.fmt_date,
            "fmt_number": self.fmt_number,
            "fmt_target": self.fmt_target,
            "target_note": self.target_note,
            "chart": self.chart,
            "row_html": self.row_html,
            "brief_html": self.brief_html,
            "qr": self.qr,
        }

    def row_html(self, row: CommitmentRow, show_plan: bool, heading: str) -> Any:
        """The ``commitment_item`` macro of ``macros.html`` for one row, rendered once per
        row and variant: the row object is made again by the page planner whenever anything
        it shows changes, so it identifies the fragment (see generator/reuse.py)."""

        def make() -> Any:
            macro = self.env.get_template("macros.html").module.commitment_item  # type: ignore[attr-defined]
            return macro(row, show_plan, heading)

        return self.fragments.get(("row", id(row), show_plan, heading), (row,), make)

    def brief_html(self, row: CommitmentRow) -> Any:
        """The ``commitment_brief`` macro of ``macros.html`` (one line of a district's list:
        status, lead unit, deadline), rendered once per row like :meth:`row_html`."""

        def make() -> Any:
            macro = self.env.get_template("macros.html").module.commitment_brief  # type: ignore[attr-defined]
            return macro(row)

        return self.fragments.get(("brief", id(row)), (row,), make)

    def qr(self, path: str, label: str) -> Markup:
        """A QR code of the page at ``path`` (its full URL when the base URL has a host), as
        inline ``<svg class="qr">``: how a printed page or a notice board leads to the page."""
        target = self.links.abs_url(path)
        return self.fragments.get(("qr", target, label), (), lambda: qr_svg(target, label))

    def asset(self, path: str) -> str:
        """URL of a theme static file, with a content hash so browsers refetch on change."""
        digest = self.asset_hashes.get(path)
        url = self.links.url("static/" + path)
        return f"{url}?v={digest}" if digest else url

    def markdown(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        return self.fragments.get(("markdown", text), (), lambda: render_markdown(text))

    def status_label(self, status: str) -> str:
        return self.t(f"status.{status}")

    def fmt_date(self, value: date | None) -> str:
        return self.t.date(value)

    def fmt_number(self, value: float, unit: str = "", scale: int | None = None) -> str:
        """``value`` ``unit`` as the site's language writes a number: in Chinese 6.19万平方米,
        62亿元, 10% (in the scale the source wrote, ``scale``, or 万/亿 from 10,000 on)."""
        return format_number(self.t, value, unit, scale)

    def fmt_target(self, target: Target) -> str:
        """A target's comparison and number in words: 6场以上, 不少于50处, 力争1.5万人."""
        return format_target(self.t, target)

    def target_note(self, target: Target) -> str:
        """The target's own wording when it differs from the shown form, else ''."""
        shown = format_target(self.t, target, aim=False)
        text = target.text or ""
        return "" if _number_key(shown) == _number_key(text) else text

    def chart(self, summary: Any, title: str) -> Markup:
        return charts.status_bar(summary, title, self.t)

    def render(self, page: PageBase) -> str:
        try:
            template = self.env.get_template(page.template)
            return template.render(page=page)
        except TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from exc
        except TemplateNotFound as exc:
            raise TemplateError(
                f"{_template_frame(exc)}template '{exc.name}' not found (while rendering "
                f"/{page.url}; a name is looked up in the site's theme/templates/, then in the "
                f"default theme; '{DEFAULT_PREFIX}:NAME' always names the default theme's NAME)"
            ) from exc
        except UndefinedError as exc:
            where = _template_frame(exc)
            raise TemplateError(
                f"{where}{exc.message} (while rendering /{page.url}; the page context is "
                f"{type(page).__name__}, documented in generator/contexts.py)"
            ) from exc


class TemplateError(MinshengError):
    """A theme template is broken: a syntax error or a name its context does not have."""


def _template_frame(exc: BaseException) -> str:
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            where = f"{filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where


def _scales(t: Translator) -> list[tuple[int, str]]:
    """The catalog's number scales, largest first: (factor, template with {n})."""
    out = []
    for part in t("number.scales").split(";"):
        factor, _, template = part.partition("=")
        out.append((int(factor), template))
    return sorted(out, reverse=True)


def _digits(t: Translator, value: float) -> str:
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text.replace(",", t("number.thousands"))


def format_number(t: Translator, value: float, unit: str = "", scale: int | None = None) -> str:
    """A number with its unit, written as the catalog's language writes numbers."""
    scaled = None
    if unit != "%":
        scales = _scales(t)
        factors = dict(scales)
        if scale in factors:
            scaled = factors[scale].format(n=_digits(t, value / scale))
        elif abs(value) >= int(t("number.scale_from")):
            factor, template = next((f, tpl) for f, tpl in scales if abs(value) >= f)
            scaled = template.format(n=_digits(t, value / factor))
    number = scaled if scaled is not None else _digits(t, value)
    if unit == "%":
        return f"{number}%"  # no space before a per cent sign, in either language
    return t("number.unit", n=number, u=unit) if unit else number


_TARGET_KEYS = {
    ("=", "before"): "target.eq",
    (">=", "before"): "target.ge",
    (">=", "after"): "target.ge_after",
    (">", "before"): "target.gt",
    ("<=", "before"): "target.le",
    ("<=", "after"): "target.le_after",
    ("<=", "below"): "target.le_below",
    ("<", "before"): "target.lt",
    ("~", "before"): "target.about",
    ("~", "after"): "target.about_after",
}


def format_target(t: Translator, target: Target, *, aim: bool = True) -> str:
    form = target.comparator_form
    if target.comparator == ">" and form == "more":
        number = format_number(t, target.value, "", target.written_scale)
        shown = t("target.gt_more", n=number, u=target.unit)
    else:
        x = format_number(t, target.value, target.unit, target.written_scale)
        word = target.comparator_word if t("target.source_words") else None
        if word and form == "before":
            shown = t("target.worded", w=word, x=x)  # 不低于4000人, 达到75%
        else:
            key = _TARGET_KEYS.get((target.comparator, form)) or _TARGET_KEYS.get(
                (target.comparator, "before"), "target.eq"
            )
            shown = t(key, x=x)
            if word:
                shown = t("target.worded", w=word, x=shown)  # 达到90%以上, 控制在2%以内
    return t("target.aim", x=shown) if aim and target.aim else shown


def _number_key(text: str) -> str:
    """A number's wording compared without spaces and width differences."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


QR_MASK = 0


def qr_svg(data: str, label: str) -> Markup:
    """``data`` as a QR code in inline SVG (error correction M, which survives a worn
    print-out), scaled by CSS; ``label`` is what a screen reader says for it.

    The mask is fixed: every one of the eight is valid and a reader takes it from the code's
    format information, and scoring all eight to pick one took three quarters of the time,
    about 2.5 ms of every page that shows a code (25 s of CPU in a 10k build)."""
    code = segno.make(data, error="m", micro=False, mask=QR_MASK)
    svg = code.svg_inline(
        scale=1, border=2, light="#fff", svgclass="qr", lineclass=None, omitsize=True
    )
    attrs = f' role="img" aria-label="{html.escape(label)}" focusable="false"'
    return Markup(svg.replace("<svg ", "<svg" + attrs + " ", 1))


def status_icon(status: str) -> str:
    return STATUS_ICONS.get(status, "")


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


# Set just before worker processes are forked, so they inherit the renderer, the pages and
# the sink instead of receiving them pickled.
_FORKED: dict[str, Any] = {}

PARALLEL_MIN_PAGES = 2000  # below this, starting workers costs more than it saves

T = TypeVar("T")


def _render_range(bounds: tuple[int, int]) -> list[Any]:
    renderer: Renderer = _FORKED["renderer"]
    pages: Sequence[PageBase] = _FORKED["pages"]
    sink: Callable[[str, bytes], Any] = _FORKED["sink"]
    return [
        sink(page_path(page), renderer.render(page).encode("utf-8"))
        for page in pages[bounds[0] : bounds[1]]
    ]


def _take_ranges(progress: Callable[[int], None] | None = None) -> dict[int, list[Any]]:
    """Render ranges of pages until none is left; a shared counter hands each one out once."""
    ranges: list[tuple[int, int]] = _FORKED["ranges"]
    counter = _FORKED["counter"]
    done: dict[int, list[Any]] = {}
    while True:
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        if index >= len(ranges):
            return done
        done[index] = _render_range(ranges[index])
        if progress:
            progress(min(index + 1, len(ranges)))


def render_pages(
    renderer: Renderer,
    pages: Sequence[PageBase],
    sink: Callable[[str, bytes], T],
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> list[T]:
    """Render every page and hand it to ``sink(output path, bytes)``; the sink's results,
    in page order. Large sites render in ``jobs`` processes: this one and ``jobs - 1``
    forked workers, each calling the sink itself (so a sink that writes files writes them
    in parallel and the HTML never travels between processes; only the sink's results do).
    This process renders too because each worker ends up with a private copy of much of
    the model (reference counts are written to the pages it reads): one fewer worker is
    one fewer copy (at 10k commitments about 120 MiB).

    Pages are split into contiguous ranges, handed out in order as processes get free, so
    a process renders neighbouring pages (a plan and its commitments) and its fragment
    cache (:meth:`Renderer.memo`) stays useful. The result does not depend on ``jobs``.
    """
    if jobs > 1 and len(pages) >= PARALLEL_MIN_PAGES and "fork" in mp.get_all_start_methods():
        step = -(-len(pages) // (jobs * 8))
        ranges = [(start, min(start + step, len(pages))) for start in range(0, len(pages), step)]
        context = mp.get_context("fork")
        counter = context.Value("i", 0)

        def report(taken: int) -> None:
            if progress:
                progress(f"rendered {min(taken * step, len(pages))}/{len(pages)} pages")

        for name in sorted({page.template for page in pages}):
            renderer.env.get_template(name)  # compiled once here, not in every worker
        _FORKED.update(renderer=renderer, pages=pages, sink=sink, ranges=ranges, counter=counter)
        try:
            with context.Pool(jobs - 1) as pool:
                waiting = [pool.apply_async(_take_ranges) for _ in range(jobs - 1)]
                done = _take_ranges(report)
                for result in waiting:
                    done.update(result.get())
        finally:
            _FORKED.clear()
        return [one for index in range(len(ranges)) for one in done[index]]
    results = []
    for n, page in enumerate(pages, 1):
        results.append(sink(page_path(page), renderer.render(page).encode("utf-8")))
        if progress and n % 2000 == 0:
            progress(f"rendered {n}/{len(pages)} pages")
    return results
