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
import logging
import mimetypes
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.build import Builder, BuildOptions
from generator.errors import (
    ContentErrors,
    Diagnostic,
    MinshengError,
    Severity,
    format_report,
    grouped,
)
from generator.load import leaves, load_yaml
from generator.messages import current_language, msg
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
    # what the last build found: a failed one's errors and warnings, a good one's warnings
    diagnostics: list[Diagnostic] = field(default_factory=list)


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
            started = time.perf_counter()
            self.state.diagnostics = []
            try:
                result = self.builder.build()
            except ContentErrors as exc:
                self.state.diagnostics = exc.diagnostics
                errors = [d for d in exc.diagnostics if d.severity is Severity.ERROR]
                warnings = [d for d in exc.diagnostics if d.severity is Severity.WARNING]
                # the errors first and alone; the warnings after, once per problem
                self.state.error = format_report([*errors, *warnings], group=True)
                shown = [d.format() for d in errors]
                shown.append(msg("report.totals", errors=len(errors), warnings=len(warnings)))
                self.report("\n".join(shown))
            except MinshengError as exc:  # broken templates, a missing folder
                self.state.error = exc.format_message()
                self.report(self.state.error)
            except Exception:  # a bug must not stop the preview; show it instead
                self.state.error = traceback.format_exc()
                self.report(self.state.error)
            else:
                self.state.error = None
                self.state.diagnostics = list(result.warnings)
                if result.warnings:
                    self.report("\n".join(d.format(n) for d, n in grouped(result.warnings)))
            self.state.builds += 1
            if self.state.error:
                return False
            self.report(
                msg(
                    "preview.rebuilt",
                    builds=self.state.builds,
                    seconds=time.perf_counter() - started,
                    warnings=len(self.state.diagnostics),
                )
            )
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
        """The failed build: its errors first, each with the lines of its file around it,
        and its warnings folded below."""
        errors = [d for d in self.state.diagnostics if d.severity is Severity.ERROR]
        if not errors:
            return self._plain_error_page()
        parts = [
            f'<section class="preview-error"><h2>{html.escape(_place(d))}</h2>'
            f"<p>{html.escape(d.message)}</p>"
            + (f'<p class="hint">{html.escape(d.hint)}</p>' if d.hint else "")
            + _source_lines(d)
            + "</section>"
            for d in errors
        ]
        title = html.escape(msg("preview.failed"))
        return (
            f'<!DOCTYPE html><html lang="{current_language()}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{_PAGE_STYLE}</style></head><body>"
            f'<main id="build-error"><h1>{title}</h1>'
            f"<p>{html.escape(msg('preview.reloads'))}</p>{''.join(parts)}</main>"
            f"{self.warnings_html()}</body></html>"
        ).encode()

    def warnings_html(self) -> str:
        """The last build's warnings, folded, once per problem; empty when there are none."""
        warnings = [d for d in self.state.diagnostics if d.severity is Severity.WARNING]
        if not warnings:
            return ""
        items = "".join(f"<li>{html.escape(d.format(n))}</li>" for d, n in grouped(warnings))
        summary = html.escape(msg("preview.warnings", count=len(warnings)))
        return (
            '<details id="preview-warnings" style="font:1rem/1.5 system-ui,sans-serif;'
            'background:#fff8e1;color:#3d2c00;border:1px solid #8a6d00;padding:.5rem 1rem">'
            f"<summary>{summary}</summary><ul>{items}</ul></details>"
        )

    def _plain_error_page(self) -> bytes:
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
        notice = self.warnings_html()
        if notice and kind == "text/html":
            # the warnings of a good build, folded at the top of every page of the preview
            body = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + notice.encode(), body, count=1)
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


_PAGE_STYLE = (
    "body{font:1rem/1.5 system-ui,sans-serif;margin:1rem;max-width:60rem}"
    ".preview-error{border:3px solid #9b1c1c;background:#fdeaea;color:#1f1f1f;"
    "padding:.5rem 1rem;margin:1rem 0;border-radius:6px}"
    ".preview-error h2{font-size:1.1rem;overflow-wrap:anywhere}"
    ".hint{font-weight:bold}pre{overflow-x:auto;background:#fff;padding:.5rem}"
    "mark{background:#ffd6d6;color:#1f1f1f}"
)


def _place(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}:{d.column}" + (f": {d.field}" if d.field else "")


def _source_lines(d: Diagnostic, around: int = 2) -> str:
    """The lines of ``d``'s file around its line, numbered, its own line marked."""
    try:
        lines = Path(d.file).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return ""
    if not 1 <= d.line <= len(lines):
        return ""
    first = max(1, d.line - around)
    rows = []
    for number in range(first, min(len(lines), d.line + around) + 1):
        text = html.escape(f"{number:>4} | {lines[number - 1]}")
        rows.append(f"<mark>{text}</mark>" if number == d.line else text)
    return "<pre>" + "\n".join(rows) + "</pre>"


def free_port(host: str, port: int, tries: int = 20) -> int:
    """``port``, or the next one up that nothing listens on (a second preview, another
    server); the port itself when none of ``tries`` is free (serving then says why)."""
    for candidate in range(port, port + tries):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return port


def quiet_logs() -> None:
    """Only minsheng's own lines: livereload's and tornado's (each request, each file
    watched, "Ignore") are not the editor's concern; their errors still show."""
    for name in ("livereload", "tornado", "tornado.access", "tornado.application"):
        logging.getLogger(name).setLevel(logging.ERROR)


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
        # A change seen while no page was connected (one was reloading): its page may be
        # older than the build, so the next page to connect is reloaded once.
        missed = False

        def check_origin(self, origin: str) -> bool:
            return site.origin_allowed(origin, self.request.host)

        @classmethod
        def poll_tasks(cls) -> None:
            # livereload drops a reload within ~3 s of the last one ("Ignore"), so a second
            # save soon after a first never reached the browser. The build runs inside
            # examine(), before this returns: every change seen is built, then reloaded.
            filepath, delay = cls.watcher.examine()
            if not filepath or delay == "forever" or filepath == "__livereload__":
                return
            if not cls.waiters:
                cls.missed = True
                return
            cls.reload_waiters()

        def on_message(self, message: Any) -> None:
            super().on_message(message)
            cls = type(self)
            if cls.missed and self in cls.waiters:
                cls.missed = False
                self.send_message(
                    {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
                )

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
