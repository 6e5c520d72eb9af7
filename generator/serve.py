"""``minsheng serve``: a live-reloading preview that survives broken content.

The preview is built into a temporary folder (``output/`` is left alone) and served by a
small WSGI app behind livereload, which injects its reload script into HTML responses.
When a rebuild fails, the last good site stays on disk but every page request answers
with the error report (file:line:col and message) until the content is fixed; the
browser reloads by itself either way.
"""

from __future__ import annotations

import html
import mimetypes
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.build import Builder, BuildOptions
from generator.errors import MinshengError
from generator.load import load_yaml
from generator.output import safe_relative

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


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
    ) -> None:
        self.builder = Builder(content_dir, output_dir, options)
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

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = unquote(environ.get("PATH_INFO") or "/")
        if not path.startswith(self.base_path):
            if path in ("/", ""):
                start_response("302 Found", [("Location", self.base_path)])
                return [b""]
            return self._send(start_response, "404 Not Found", b"not found", "text/plain")
        rel = path[len(self.base_path) :]
        if self.state.error is not None and (rel == "" or rel.endswith((".html", "/"))):
            return self._send(start_response, "500 Build Failed", self.error_page(), "text/html")
        target = self._resolve(rel)
        if target is None:
            missing = self.output_dir / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"not found"
            return self._send(start_response, "404 Not Found", body, "text/html")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return self._send(start_response, "200 OK", target.read_bytes(), kind)

    def _resolve(self, rel: str) -> Path | None:
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        try:
            parts = safe_relative(rel).parts
        except MinshengError:
            return None
        target = self.output_dir.joinpath(*parts)
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

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
    doc, problems = load_yaml(content_dir / "site.yaml")
    value = doc.data.get("base_url") if isinstance(doc.data, dict) and not problems else None
    return value if isinstance(value, str) else "/"
