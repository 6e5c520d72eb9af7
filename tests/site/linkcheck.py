"""A link checker for a built site folder, as it would be served at its base URL.

Every reference a published file makes is resolved the way a browser would resolve it from
that file's address, then looked up in the folder:

- HTML: ``href``, ``src``, ``srcset``, ``action``, ``poster``, ``data`` and the URL-valued
  ``<meta>`` tags (``og:url``, ``og:image``); ``#fragment``\\s must name an ``id`` on the
  target page;
- CSS: ``url(...)`` and ``@import``;
- XML (sitemap, feeds): ``href`` attributes and the text of ``<loc>``, ``<link>`` and
  ``<uri>`` when it is a URL (an Atom ``<id>`` is a name, not a link);
- JSON (open data, search index): values of keys named ``url``, ``href`` or ``*_url``;
- ``robots.txt``: its ``Sitemap:`` line.

A reference is internal when it has no host or the base URL's host. Internal references
written without a host must stay under the base URL's path (a site published at
``/minsheng/`` must not link to ``/plans/…``); a full URL on the same host but outside that
path is another site's. Internal references must name an existing file; a path ending in
``/`` means its ``index.html``.
External references are not fetched, but their scheme must be http, https, mailto or tel.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from tests.site.html_tree import Document, parse_file

URL_ATTRIBUTES = ("href", "src", "action", "poster", "data", "cite")
URL_META = ("og:url", "og:image", "twitter:image")
SAFE_EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
XML_URL_TAGS = {"loc", "link", "uri", "icon", "logo"}  # not Atom <id>: a name, not a link
# Elements and <link rel> values that make the browser fetch something.
LOADING_TAGS = {"script", "img", "iframe", "video", "audio", "source", "embed", "object", "track"}
LOADING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
}


@dataclass(frozen=True)
class Reference:
    source: str  # output-relative path of the file that makes it
    where: str  # e.g. "line 12 <a href>"
    value: str


@dataclass
class Site:
    output: Path
    base_url: str

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        self.host = parts.netloc
        path = parts.path or "/"
        self.base_path = path if path.endswith("/") else path + "/"
        # A made-up origin for a base URL without host, so that urljoin can resolve paths.
        self.origin = f"{parts.scheme or 'http'}://{self.host or 'site.invalid'}"
        self.files = {
            p.relative_to(self.output).as_posix() for p in self.output.rglob("*") if p.is_file()
        }
        self._docs: dict[str, Document] = {}

    def address(self, rel: str) -> str:
        """The full URL a file is served at."""
        if rel.endswith("index.html"):
            rel = rel.removesuffix("index.html")
        return self.origin + self.base_path + rel

    def doc(self, rel: str) -> Document:
        if rel not in self._docs:
            self._docs[rel] = parse_file(self.output, self.output / rel)
        return self._docs[rel]


def html_references(doc: Document) -> Iterator[tuple[str, str]]:
    for node in doc.root.iter():
        for attr in URL_ATTRIBUTES:
            value = node.get(attr)
            if value is not None:
                yield f"line {node.line} <{node.tag} {attr}>", value
        srcset = node.get("srcset")
        if srcset:
            for candidate in srcset.split(","):
                if candidate.strip():
                    yield f"line {node.line} <{node.tag} srcset>", candidate.split()[0]
        if node.tag == "meta" and (node.get("property") or node.get("name")) in URL_META:
            yield (
                f"line {node.line} <meta {node.get('property') or node.get('name')}>",
                (node.get("content") or ""),
            )
        style = node.get("style")
        if style:
            for ref in css_references(style):
                yield f"line {node.line} <{node.tag} style>", ref
        if node.tag == "style":
            for ref in css_references(node.text()):
                yield f"line {node.line} <style>", ref


def css_references(text: str) -> Iterator[str]:
    for m in CSS_URL.finditer(text):
        ref = m.group(2) or m.group(4)
        if ref and not ref.startswith(("data:", "#")):
            yield ref.strip()


def xml_references(path: Path) -> Iterator[tuple[str, str]]:
    root = ET.parse(path).getroot()
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        href = el.get("href")
        if href is not None:
            yield f"<{tag} href>", href
        text = (el.text or "").strip()
        if tag in XML_URL_TAGS and text.startswith(("http://", "https://", "/")):
            yield f"<{tag}>", text


def json_references(data: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}"
            if isinstance(value, str) and (key in ("url", "href") or key.endswith("_url")):
                yield here, value
            else:
                yield from json_references(value, here)
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from json_references(value, f"{path}[{n}]")


def references(site: Site, rel: str) -> Iterator[Reference]:
    path = site.output / rel
    if rel.endswith(".html"):
        for where, value in html_references(site.doc(rel)):
            yield Reference(rel, where, value)
    elif rel.endswith(".css"):
        for value in css_references(path.read_text("utf-8")):
            yield Reference(rel, "css", value)
    elif rel.endswith((".xml", ".atom", ".rss")):
        for where, value in xml_references(path):
            yield Reference(rel, where, value)
    elif rel.endswith((".json", ".webmanifest")) and not rel.startswith("."):
        data = json.loads(path.read_bytes())
        for where, value in json_references(data):
            yield Reference(rel, where, value)
    elif rel == "robots.txt":
        for line in path.read_text("utf-8").splitlines():
            if line.lower().startswith("sitemap:"):
                yield Reference(rel, "Sitemap:", line.split(":", 1)[1].strip())


def resolve(site: Site, ref: Reference) -> tuple[str | None, str | None]:
    """``(output-relative file, fragment)`` of an internal reference; ``(None, None)`` for an
    external one. Raises ValueError with the reason when the reference cannot be right."""
    value = ref.value.strip()
    if not value:
        raise ValueError("empty URL")
    scheme = urlsplit(value).scheme.lower()
    if scheme and scheme not in SAFE_EXTERNAL_SCHEMES:
        raise ValueError(f"{scheme}: URL")
    if scheme in ("mailto", "tel"):
        return None, None
    if ref.source.endswith(".json") and not value.startswith(("/", "http:", "https:")):
        base = site.origin + site.base_path  # data files give site-relative URLs
    else:
        base = site.address(ref.source)
    target = urlsplit(urljoin(base, value))
    if target.netloc != urlsplit(site.origin).netloc:
        return None, None
    if not target.path.startswith(site.base_path):
        if urlsplit(value).netloc:
            return None, None  # another site on the same host, named in full

        raise ValueError(f"path {target.path} is outside the site's base path {site.base_path}")
    rel = unquote(target.path[len(site.base_path) :])
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    if rel not in site.files:
        raise ValueError(f"no file {rel}")
    return rel, target.fragment or None


def broken_links(output: Path, base_url: str) -> list[str]:
    """Every broken internal reference in the built site at ``output``, one line each."""
    site = Site(output, base_url)
    problems: list[str] = []
    for rel in sorted(site.files):
        for ref in references(site, rel):
            try:
                target, fragment = resolve(site, ref)
            except ValueError as exc:
                problems.append(f"{rel}: {ref.where} {ref.value!r}: {exc}")
                continue
            if (
                target
                and fragment
                and target.endswith(".html")
                and fragment not in site.doc(target).ids()
            ):
                problems.append(f"{rel}: {ref.where} {ref.value!r}: no id {fragment!r}")
    return problems


def external_resources(output: Path, base_url: str) -> list[str]:
    """Resources (scripts, styles, fonts, images, frames) that pages load from other hosts."""
    site = Site(output, base_url)
    found: list[str] = []

    def outside(source: str, value: str) -> bool:
        target = urlsplit(urljoin(site.address(source), value.strip()))
        return (
            target.scheme in ("http", "https", "") and target.netloc != urlsplit(site.origin).netloc
        )

    for rel in sorted(site.files):
        if rel.endswith(".html"):
            doc = site.doc(rel)
            for node in doc.root.iter():
                loads: list[str] = []
                if node.tag in LOADING_TAGS:
                    loads += [v for a in ("src", "data", "poster") if (v := node.get(a))]
                if node.tag == "link":
                    rels = set((node.get("rel") or "").lower().split())
                    if rels & LOADING_RELS:
                        loads.append(node.get("href") or "")
                loads += list(css_references(node.get("style") or ""))
                if node.tag == "style":
                    loads += list(css_references(node.text()))
                found += [
                    f"{rel}: line {node.line} <{node.tag}> {v}" for v in loads if outside(rel, v)
                ]
        elif rel.endswith(".css"):
            text = (site.output / rel).read_text("utf-8")
            found += [f"{rel}: {v}" for v in css_references(text) if outside(rel, v)]
        elif rel.endswith(".js"):
            text = (site.output / rel).read_text("utf-8", errors="replace")
            for m in re.finditer(r"""(?:import\s*\(?|from)\s*['"](https?:)?//[^'"]+['"]""", text):
                found.append(f"{rel}: imports {m.group(0)}")
    return found
