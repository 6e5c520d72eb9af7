"""Fixtures for the published-site tests: parsed pages, other builds, a local web server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CONTENT, build
from tests.site.html_tree import Document, load_site

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SUB_PATH = "/minsheng/"  # the fixture site's base URL path


@pytest.fixture(scope="session")
def fixture_site(fixture_output: Path) -> dict[str, Document]:
    """Every page of the fixture site (built under https://example.org/minsheng/), by URL."""
    return load_site(fixture_output)


@pytest.fixture(scope="session")
def root_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built for the root of a host (``--base-url /``)."""
    out = tmp_path_factory.mktemp("fixture-root") / "output"
    build(FIXTURE_CONTENT, out, base_url="/")
    return out


def bundled_plans() -> list[Path]:
    from tests.conftest import BUNDLED_CONTENT

    return sorted((BUNDLED_CONTENT / "plans").glob("*.yaml"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(docroot: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) in a thread; yields the origin."""
    handler = functools.partial(_QuietHandler, directory=str(docroot))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_server(fixture_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site served at http://127.0.0.1:<port>/minsheng/, as it is published.

    Yields the origin (``http://127.0.0.1:PORT``); pages live under ``/minsheng/``.
    """
    docroot = tmp_path_factory.mktemp("docroot")
    (docroot / SUB_PATH.strip("/")).symlink_to(fixture_output, target_is_directory=True)
    with serve(docroot) as origin:
        yield origin
