"""The build: gather and check everything, then produce every file into a publication.

Rendered files go to :class:`generator.output.Publication`'s pending folder as they are
made (the site is never held in memory whole); ``output/`` changes only when the whole site
has been produced, through :meth:`Publication.commit`.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from generator import data as open_data
from generator import feeds, search
from generator.contexts import PageBase
from generator.errors import ContentErrors, Diagnostic, MinshengError
from generator.load import escaping_links
from generator.model import Content, Site
from generator.output import Publication, WriteStats
from generator.pages import PagePlanner
from generator.render import Renderer, hash_bytes, render_pages, theme_dirs
from generator.reuse import ReuseStore
from generator.sitefiles import site_files
from generator.urls import Links, page_path
from generator.validate import load_content

PHASES = ("load", "validate", "pages", "render", "search", "data", "write")


@dataclass
class BuildResult:
    content: Content
    warnings: list[Diagnostic]
    timings: dict[str, float]
    pages: int
    files: int
    stats: WriteStats | None

    @property
    def files_written(self) -> int:
        return self.stats.written if self.stats else 0


def default_jobs() -> int:
    """Worker processes for rendering: one per CPU this process may use, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


@dataclass
class BuildOptions:
    base_url: str | None = None  # overrides site.yaml
    strict: bool = False
    as_of: date | None = None
    theme: Path | None = None  # the site's own theme folder; default: <content>/../theme
    today: date | None = None
    jobs: int = field(default_factory=default_jobs)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a build makes millions of long-lived objects
    and no cycles worth collecting, and each full collection pass walks all of them (with
    the collector on, publishing a 10k site spent most of its time in it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class _Clock:
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def site_theme_dir(content_dir: Path, options: BuildOptions) -> Path | None:
    if options.theme is not None:
        if not options.theme.is_dir():
            raise MinshengError(f"theme folder {options.theme} does not exist")
        return options.theme
    candidate = content_dir.absolute().parent / "theme"
    return candidate if candidate.is_dir() else None


def theme_signature(user_theme: Path | None) -> tuple[tuple[str, str], ...]:
    """Every theme file with a digest of its bytes: a change anywhere re-renders all pages.
    By content, not mtime, so that a build cache restored into a fresh checkout (where
    every file is new to the file system) still knows the theme (a theme is a few dozen
    small files)."""
    out = []
    for theme in theme_dirs(user_theme):
        for path in sorted(theme.rglob("*")):
            if path.is_file():
                out.append((str(path), hash_bytes(path.read_bytes())))
    return tuple(out)


def check_theme_links(user_theme: Path | None) -> None:
    """Refuse a theme holding a symbolic link that leads outside it: templates and static
    files are published (``static/x -> /etc/passwd`` would be)."""
    problems = [p for theme in theme_dirs(user_theme) for p in escaping_links(theme, "theme")]
    if problems:
        raise ContentErrors(problems)


def static_files(user_theme: Path | None) -> dict[str, bytes]:
    """Theme static files, the site's own overriding the default theme's."""
    out: dict[str, bytes] = {}
    for theme in reversed(theme_dirs(user_theme)):
        static = theme / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file():
                out[path.relative_to(static).as_posix()] = path.read_bytes()
    return out


def read_archives(content_dir: Path, content: Content) -> dict[str, bytes]:
    """Archived original texts (plans' sources and progress reports), by their path under
    content/ (validation checked them)."""
    paths = {plan.source.archived for plan in content.plans if plan.source and plan.source.archived}
    paths |= {a for plan in content.plans for a in plan.report_archives}
    return {path: (content_dir / path).read_bytes() for path in sorted(paths)}


def source_texts(content: Content, archives: dict[str, bytes]) -> dict[str, str]:
    """The archived texts as text, by plan id, for the source pages."""
    return {
        plan.id: archives[plan.source.archived].decode("utf-8", errors="replace")
        for plan in content.plans
        if plan.source and plan.source.archived
    }


class Builder:
    """Builds one site; ``build()`` may be called again after content changes.

    A long-lived builder (``minsheng serve``, ``incremental=True``) reuses what the last
    build made from unchanged inputs, through the :class:`~generator.reuse.ReuseStore`
    objects it holds; each is committed when the site is published and aborted when the
    build fails. A one-off build keeps nothing after it (parsed files alone are 40 MiB at
    10k commitments).
    """

    def __init__(
        self,
        content_dir: Path,
        output_dir: Path,
        options: BuildOptions | None = None,
        *,
        progress: Callable[[str], None] | None = None,
        incremental: bool = True,
        stamps_by_content: bool = False,
    ) -> None:
        self.content_dir = content_dir
        self.output_dir = output_dir
        self.options = options or BuildOptions()
        self.progress = progress or (lambda message: None)
        self.incremental = incremental
        # content files known by their bytes rather than mtime and inode (a build cache)
        self.stamps_by_content = stamps_by_content

        def store() -> ReuseStore:
            return ReuseStore(across_builds=incremental)

        self._files = store()  # parsed YAML by file stamp
        self._checks = store()  # checked files and plans, by parsed document
        self._contexts = store()  # page contexts and rows, by model objects
        self._renderers = store()  # the renderer, while theme and settings are the same
        # page path → (digest, size), by page context; trusted only while the output's
        # manifest still lists that digest, so a failed publish cannot leave it wrong
        self._rendered = store()
        # generated file path → digest, by the bytes object its builder handed back
        self._generated = store()
        self._data = store()  # open data, by plan
        self._feeds = store()  # feeds, by the plans they list
        # the indexer begins and commits its own store (its postings splice sits beside it)
        self._search = search.SearchIndexer(store())

    # What a build cache (generator/buildcache.py) keeps of a builder between processes:
    # everything it reuses except the renderer (compiled templates, made again in a moment).
    PERSISTED = ("_files", "_checks", "_contexts", "_rendered", "_generated", "_data", "_feeds")

    def persisted_state(self) -> dict[str, object]:
        """The stores a later process may take over with :meth:`restore_state`."""
        state: dict[str, object] = {name: getattr(self, name) for name in self.PERSISTED}
        state["_search"] = self._search
        return state

    def restore_state(self, state: dict[str, object]) -> None:
        """Take over the stores of an earlier builder (:meth:`persisted_state`); they are
        pickled together, so an object shared between stores is still one object."""
        for name in self.PERSISTED:
            value = state[name]
            assert isinstance(value, ReuseStore)
            setattr(self, name, value)
        indexer = state["_search"]
        assert isinstance(indexer, search.SearchIndexer)
        self._search = indexer

    def _stores(self, renderer: Renderer | None) -> list[ReuseStore]:
        stores = [self._files, self._checks, self._contexts, self._renderers]
        stores += [self._rendered, self._generated, self._data, self._feeds]
        return stores + ([renderer.fragments] if renderer is not None else [])

    def build(self) -> BuildResult:
        """Check everything, then produce the site into a publication and commit it.

        Pages go to the publication's pending folder as they are rendered; ``output/`` is
        changed only by the final commit, and a failure anywhere removes the pending folder.
        """
        renderer: Renderer | None = None
        try:
            result, renderer = self._build()
        except BaseException:
            for one in self._stores(renderer):
                one.abort()
            raise
        for one in self._stores(renderer):
            one.commit()
        return result

    def _build(self) -> tuple[BuildResult, Renderer]:
        clock = _Clock()
        opts = self.options
        with gc_paused():
            with clock.phase("load"):
                loaded = load_content(
                    self.content_dir,
                    strict=opts.strict,
                    as_of=opts.as_of,
                    today=opts.today,
                    files=self._files,
                    checks=self._checks,
                    stamps_by_content=self.stamps_by_content,
                )
            clock.timings["validate"] = clock.timings["load"] - loaded.yaml_seconds
            clock.timings["load"] = loaded.yaml_seconds
            content = loaded.content
            if opts.base_url is not None:
                content = replace(content, site=replace(content.site, base_url=opts.base_url))
            links = Links(content.site.base_url)
            self.progress(
                f"loaded {len(content.plans)} plans, {len(content.commitments)} commitments"
            )
            user_theme = site_theme_dir(self.content_dir, opts)
            check_theme_links(user_theme)
            statics = static_files(user_theme)
            renderer = self._renderer_for(content.site, links, user_theme, statics)
            with clock.phase("pages"):
                archives = read_archives(self.content_dir, content)
                texts = source_texts(content, archives)
                page_set = PagePlanner(content, renderer.t, texts, self._contexts).plan()
            publication = Publication(self.output_dir, keep=content.site.keep)
            try:
                with clock.phase("render"):
                    self._render(renderer, page_set.pages, publication)
                # Every other file, one generator at a time (each dict freed after use).
                t = renderer.t
                generators: tuple[tuple[str, Callable[[], dict[str, bytes]]], ...] = (
                    ("render", lambda: site_files(links, page_set, statics, archives)),
                    ("search", lambda: self._search.build(content, links)),
                    ("data", lambda: open_data.DataFiles(self._data).build(content, links)),
                    ("data", lambda: feeds.FeedFiles(self._feeds).build(content, links, t)),
                )
                for phase, make in generators:
                    with clock.phase(phase):
                        self._add_generated(publication, make())
                with clock.phase("write"):
                    stats = publication.commit()
            except BaseException:
                publication.abort()
                raise
        self.progress(
            f"wrote {stats.written} files, kept {stats.linked} unchanged, in {self.output_dir}"
        )
        result = BuildResult(
            content=content,
            warnings=loaded.warnings,
            timings=clock.timings,
            pages=len(page_set.pages),
            files=stats.files,
            stats=stats,
        )
        return result, renderer

    def _renderer_for(
        self, site: Site, links: Links, user_theme: Path | None, statics: dict[str, bytes]
    ) -> Renderer:
        """Last build's renderer (its compiled templates) while the theme, site settings and
        static files are the same; else a new one, and every page is rendered again."""
        asset_hashes = {path: hash_bytes(data) for path, data in statics.items()}
        world = (user_theme, theme_signature(user_theme), site, asset_hashes)
        self._renderers.begin(world)
        self._rendered.begin(world)
        return self._renderers.get(
            "renderer",
            (),
            lambda: Renderer(
                site,
                links,
                user_theme=user_theme,
                asset_hashes=asset_hashes,
                across_builds=self.incremental,
            ),
        )

    def _add_generated(self, publication: Publication, files: dict[str, bytes]) -> None:
        """Add generated files; one whose bytes object was published last time is only
        noted (no hashing or writing), while the output's manifest still lists it."""
        fresh: dict[str, bytes] = {}
        for path, data in files.items():
            hashed = self._generated.peek(path, (data,))
            if hashed is not None and publication.keep(path, hashed, len(data)):
                self._generated.put(path, (data,), hashed)
            else:
                fresh[path] = data
        for (path, data), (_, hashed, _, _) in zip(
            fresh.items(), publication.add_all(fresh), strict=True
        ):
            self._generated.put(path, (data,), hashed)

    def _render(self, renderer: Renderer, pages: list[PageBase], publication: Publication) -> None:
        """Render every page into the publication; a page whose context is unchanged since
        the last build, and whose file the output still holds, is not rendered again."""
        stale: list[PageBase] = []
        for page in pages:
            path = page_path(page)
            hit = self._rendered.peek(path, (page,))
            if hit is not None and publication.keep(path, *hit):
                self._rendered.put(path, (page,), hit)
            else:
                stale.append(page)
        placed = render_pages(renderer, stale, publication.place, self.options.jobs, self.progress)
        for page, one in zip(stale, placed, strict=True):
            publication.record(one)
            self._rendered.put(one[0], (page,), (one[1], one[3]))
        if len(stale) < len(pages):
            self.progress(f"re-rendered {len(stale)} of {len(pages)} pages")
