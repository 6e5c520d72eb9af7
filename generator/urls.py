"""Where every page and file of a site lives, and how links to them are written.

URLs are site-relative paths without a leading slash (``plans/lvyuan-2022/2/``);
:class:`Links` prefixes the base URL's path (or the whole base URL, for feeds and sitemaps).
These are the site's public addresses: other tools link to them, so they change only with
a migration note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

# --- pages and files ----------------------------------------------------------------------------------


def home_url() -> str:
    return ""


def plan_url(plan_id: str) -> str:
    return f"plans/{plan_id}/"


def commitment_url(commitment_id: str) -> str:
    plan_id, _, no = commitment_id.partition("/")
    return f"plans/{plan_id}/{no}/"


def source_url(plan_id: str) -> str:
    """The archived source as a page, an anchor ``#c<no>`` on each commitment's passage."""
    return f"sources/{plan_id}.html"


def passage_url(plan_id: str, no: int) -> str:
    return f"{source_url(plan_id)}#c{no}"


def old_source_url(plan_id: str) -> str:
    """Where the source page was before 0.x: now a page that redirects to source_url()."""
    return f"plans/{plan_id}/source/"


def source_file_url(plan_id: str) -> str:
    return f"sources/{plan_id}.txt"


def archive_url(archived: str) -> str:
    """A report archived under content/ (``sources/x.txt``) that is not a plan's own source,
    published at its content path under ``archive/``, so no two archives share a URL."""
    return f"archive/{archived}"


def districts_url() -> str:
    return "districts/"


def district_url(slug: str) -> str:
    return f"districts/{slug}/"


def district_status_url(slug: str, status: str) -> str:
    """A district's commitments of one status: the filter that works without JavaScript."""
    return f"districts/{slug}/status/{status}/"


def plan_notice_url(plan_id: str) -> str:
    """A plan laid out on A4 for a notice board (公示栏)."""
    return f"plans/{plan_id}/notice/"


def plan_status_url(plan_id: str, status: str) -> str:
    return f"plans/{plan_id}/status/{status}/"


def plan_unit_url(plan_id: str, department: str) -> str:
    """A plan's commitments led by one unit (the plan page's unit filter without JavaScript)."""
    return f"plans/{plan_id}/units/{department}/"


def department_url(district: str, slug: str) -> str:
    return f"districts/{district}/departments/{slug}/"


def offices_url() -> str:
    """Offices of one kind (every district's 人社局…) side by side."""
    return "offices/"


def office_url(slug: str) -> str:
    return f"offices/{slug}/"


def office_csv_url(slug: str) -> str:
    return f"data/offices/{slug}.csv"


def departments_url() -> str:
    return "departments/"


def categories_url() -> str:
    return "categories/"


def category_url(slug: str) -> str:
    return f"categories/{slug}/"


def search_url() -> str:
    return "search/"


def about_url() -> str:
    return "about/"


def data_url() -> str:
    return "data/"


def data_file_url(name: str) -> str:
    return f"data/{name}"


def plan_data_url(plan_id: str) -> str:
    return f"data/plans/{plan_id}.json"


def feed_url() -> str:
    return "feeds/all.atom"


def district_feed_url(slug: str) -> str:
    return f"feeds/districts/{slug}.atom"


def department_feed_url(district: str, slug: str) -> str:
    return f"feeds/districts/{district}/{slug}.atom"


class HasUrl(Protocol):
    @property
    def url(self) -> str: ...


def page_path(page: HasUrl) -> str:
    """The output file of a page: ``plans/x/`` → ``plans/x/index.html``."""
    return page.url if page.url.endswith(".html") else page.url + "index.html"


# --- links ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """Makes links for one base URL; pages link with absolute paths under its path."""

    base_url: str

    @property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def has_host(self) -> bool:
        return bool(urlsplit(self.base_url).netloc)

    def url(self, path: str) -> str:
        return self.base_path + path.lstrip("/")

    def abs_url(self, path: str) -> str:
        """A full URL (for canonical links, feeds, sitemaps) when the base URL has a host."""
        if not self.has_host:
            return self.url(path)
        root = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return root + path.lstrip("/")
