"""``minsheng serve``: a live-reloading preview that survives broken content.

The preview is built into a temporary folder (``output/`` is left alone) and served by a
small WSGI app behind livereload, which injects its reload script into HTML responses.
When a rebuild fails, the last good site stays on disk but every page request answers
with the error report (file:line:col and message) until the content is fixed; the
browser reloads by itself either way.

The preview answers only requests addressed to this machine by name or address (its
``Host`` header), and its live-reload socket only pages of the preview (``Origin``): a web
page elsewhere cannot reach it through a DNS name rebound to 127.0.0.1. The temporary
folder goes when the server stops, by Ctrl-C, SIGTERM or SIGHUP.

The server answers from the moment it starts: the first build runs in a thread, and until
it ends every request gets a page saying the preview is being built, which reloads itself.
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import mimetypes
import os
import shutil
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.build import Builder, BuildOptions
from generator.errors import MinshengError
from generator.load import leaves, load_yaml
from generator.output import safe_relative

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

PREVIEW_PREFIX = "minsheng-serve-"
MAX_URL_LENGTH = 2000  # longer request paths are answered 414, not looked up on disk
LOCAL_NAMES = ("localhost",)
BUILDING_REFRESH = 1  # seconds between reloads of the page shown while the first build runs


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class PreviewState:
    error: str | None = None  # the report of the last failed build, if it failed
    builds: int = 0


class PreviewSite:
    """Builds the site into a folder and serves it, or the error of the last build."""

    def __init__(
        self,
        content_dir: Path,
        output_dir: Path,
        options: BuildOptions,
        report: Callable[[str], None] | None = None,
        *,
        bound_host: str = "127.0.0.1",
    ) -> None:
        self.builder = Builder(content_dir, output_dir, options)
        self.bound_host = bound_host
        # Where rebuild messages go (the command passes click's stderr writer).
        self.report = report or _to_stderr
        self.output_dir = output_dir
        self.base_path = urlsplit(options.base_url or "/").path.rstrip("/") + "/"
        self.state = PreviewState()
        self._lock = threading.Lock()

    def rebuild(self) -> bool:
        """Build once; on failure remember the report instead of raising."""
        with self._lock:
            try:
                result = self.builder.build()
            except MinshengError as exc:  # content errors and broken templates alike
                self.state.error = exc.format_message()
            except Exception:  # a bug must not stop the preview; show it instead
                self.state.error = traceback.format_exc()
            else:
                self.state.error = None
                for warning in result.warnings:
                    self.report(warning.format())
            self.state.builds += 1
            if self.state.error:
                self.report(self.state.error)
                return False
            self.report(f"rebuilt ({self.state.builds})")
            return True

    @property
    def first_build_running(self) -> bool:
        """True until the first build has ended (the server answers from the start)."""
        return self.state.builds == 0

    def start(self) -> threading.Thread:
        """Run the first build in a thread, so that the server can answer at once: a
        large site takes a while, and until it is built every request gets
        :meth:`building_page` instead of a silent wait."""
        thread = threading.Thread(target=self.rebuild, name="first build", daemon=True)
        thread.start()
        return thread

    def building_page(self) -> bytes:
        """What every request gets while the first build runs: it refreshes itself (no
        JavaScript needed) until the site is there."""
        return (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="refresh" content="{BUILDING_REFRESH}">'
            "<title>正在构建 · Building</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5}</style>"
            '</head><body><h1 id="building">正在构建预览 · Building the preview</h1>'
            "<p>这个页面会在构建完成后自动刷新。</p>"
            "<p>This page reloads by itself when the site is ready.</p></body></html>"
        ).encode()

    def error_page(self) -> bytes:
        report = html.escape(self.state.error or "")
        return (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>构建失败 · Build failed</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5}"
            "pre{white-space:pre-wrap;background:#fdeaea;border:2px solid #9b1c1c;"
            "padding:1rem;border-radius:6px}</style></head><body>"
            "<h1>构建失败 · Build failed</h1>"
            "<p>The preview will reload when the content is fixed.</p>"
            f'<pre id="build-error">{report}</pre></body></html>'
        ).encode()

    def host_allowed(self, host: str | None) -> bool:
        """Whether a request's ``Host`` (or an ``Origin``'s host) names this preview: an IP
        address, ``localhost`` or the host it was started on. A request without one (not
        from a browser) is answered."""
        if host is None:
            return True
        name = urlsplit(f"//{host}").hostname or ""
        if name in LOCAL_NAMES or name == self.bound_host.lower():
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """Whether a live-reload connection comes from a page of this preview."""
        if not origin:
            return True  # not a browser
        parts = urlsplit(origin)
        return (
            parts.scheme in ("http", "https") and parts.netloc == host and self.host_allowed(host)
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = self._respond(environ, start_response)
        # A HEAD answer has the headers of a GET and no body (the server refuses to send one).
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else body

    def _respond(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        if not self.host_allowed(environ.get("HTTP_HOST")):
            body = b"this preview answers only requests to localhost or an IP address"
            return self._send(start_response, "421 Misdirected Request", body, "text/plain")
        raw_path = environ.get("PATH_INFO") or "/"
        if len(raw_path) > MAX_URL_LENGTH:
            return self._send(start_response, "414 URI Too Long", b"URL too long", "text/plain")
        path = unquote(raw_path)
        if not path.startswith(self.base_path):
            if path in ("/", ""):
                start_response("302 Found", [("Location", self.base_path)])
                return [b""]
            return self._send(start_response, "404 Not Found", b"not found", "text/plain")
        if self.first_build_running:
            start_response(
                "503 Service Unavailable",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Retry-After", str(BUILDING_REFRESH)),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [self.building_page()]
        rel = path[len(self.base_path) :]
        if self.state.error is not None and (rel == "" or rel.endswith((".html", "/"))):
            return self._send(start_response, "500 Build Failed", self.error_page(), "text/html")
        target = self._resolve(rel)
        if target is None:
            missing = self.output_dir / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"not found"
            return self._send(start_response, "404 Not Found", body, "text/html")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        try:
            body = target.read_bytes()
        except OSError:  # removed by a rebuild since it was found
            return self._send(start_response, "404 Not Found", b"not found", "text/plain")
        return self._send(start_response, "200 OK", body, kind)

    def _resolve(self, rel: str) -> Path | None:
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        try:
            parts = safe_relative(rel).parts
        except MinshengError:
            return None
        target = self.output_dir.joinpath(*parts)
        try:
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None
        except OSError:  # a name too long for the file system, and the like: not there
            return None

    @staticmethod
    def _send(start_response: StartResponse, status: str, body: bytes, kind: str) -> list[bytes]:
        if kind.startswith("text/") or kind in ("application/json", "application/javascript"):
            kind += "; charset=utf-8"
        start_response(
            status,
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]


def configured_base_url(content_dir: Path) -> str:
    """site.yaml's base_url, read on its own: the first build checks everything else (and
    reports a broken site.yaml in the browser like any other error)."""
    if leaves(content_dir / "site.yaml", content_dir):
        return "/"  # the first build reports it
    doc, problems = load_yaml(content_dir / "site.yaml")
    value = doc.data.get("base_url") if isinstance(doc.data, dict) and not problems else None
    return value if isinstance(value, str) else "/"


def guard_live_reload(site: PreviewSite) -> None:
    """Make livereload's socket refuse connections from pages that are not the preview's
    (livereload accepts every origin)."""
    from livereload import server as live_server
    from livereload.handlers import LiveReloadHandler

    class GuardedLiveReloadHandler(LiveReloadHandler):  # type: ignore[misc]
        def check_origin(self, origin: str) -> bool:
            return site.origin_allowed(origin, self.request.host)

        def prepare(self) -> None:
            if not site.host_allowed(self.request.host):
                self.send_error(421)

    live_server.LiveReloadHandler = GuardedLiveReloadHandler


@contextlib.contextmanager
def preview_folder() -> Iterator[Path]:
    """A temporary folder for the preview, removed when the server stops, also on SIGTERM
    and SIGHUP (as on Ctrl-C); folders of previews that were killed outright (their process
    is gone) are removed first."""
    _remove_dead_previews(Path(tempfile.gettempdir()))

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {one: signal.signal(one, stop) for one in wanted}
    try:
        with tempfile.TemporaryDirectory(prefix=f"{PREVIEW_PREFIX}{os.getpid()}-") as tmp:
            yield Path(tmp)
    finally:
        for one, handler in previous.items():
            signal.signal(one, handler)


def _remove_dead_previews(folder: Path) -> None:
    for leftover in folder.glob(f"{PREVIEW_PREFIX}*-*"):
        pid = leftover.name.removeprefix(PREVIEW_PREFIX).partition("-")[0]
        if not pid.isdigit() or not leftover.is_dir() or leftover.is_symlink():
            continue
        try:
            os.kill(int(pid), 0)
            continue
        except ProcessLookupError:
            shutil.rmtree(leftover, ignore_errors=True)
        except (PermissionError, OverflowError):
            continue
