"""The site's own files beside its pages: theme static files, archived sources, sitemap,
robots.txt. Like search, open data and feeds, a generator of ``{path: bytes}``."""

from __future__ import annotations

from urllib.parse import quote
from xml.sax.saxutils import escape

from generator.contexts import PageSet
from generator.pages import sitemap_urls
from generator.safety import xml_text
from generator.urls import Links

# What robots.txt may hold of a URL unencoded: RFC 3986's characters; anything else (a
# line break would start a directive of its own) is percent-encoded.
_URL_SAFE = "-._~:/?#[]@!$&'()*+,;=%"


def site_files(
    links: Links, page_set: PageSet, statics: dict[str, bytes], archives: dict[str, bytes]
) -> dict[str, bytes]:
    """Static files under ``static/``, each archived source at its public path, the
    sitemap of every page and robots.txt pointing to it."""
    files = {f"static/{path}": data for path, data in statics.items()}
    for out_path, content_path in page_set.sources.items():
        files[out_path] = archives[content_path]
    files["sitemap.xml"] = sitemap(links, sitemap_urls(page_set.pages))
    files["robots.txt"] = robots(links)
    return files


def sitemap(links: Links, urls: list[str]) -> bytes:
    rows = "".join(f"<url><loc>{escape(xml_text(links.abs_url(u)))}</loc></url>\n" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}</urlset>\n"
    ).encode()


def robots(links: Links) -> bytes:
    sitemap_url = quote(links.abs_url("sitemap.xml"), safe=_URL_SAFE)
    return f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n".encode()
