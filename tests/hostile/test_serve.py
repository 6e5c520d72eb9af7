"""The preview server against other sites' pages (DNS rebinding), odd requests and the
signals a service manager sends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildOptions
from generator.serve import PREVIEW_PREFIX, PreviewSite
from tests.conftest import FIXED_TODAY, ROOT
from tests.hostile.helpers import site


def get(
    app: PreviewSite, path: str, method: str = "GET", host: str | None = "127.0.0.1:8000"
) -> tuple[str, bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"] = status

    environ = {"PATH_INFO": path, "REQUEST_METHOD": method}
    if host is not None:
        environ["HTTP_HOST"] = host
    body = b"".join(app(environ, start_response))
    return seen["status"], body


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> PreviewSite:
    tmp = tmp_path_factory.mktemp("serve")
    preview = PreviewSite(
        site(tmp), tmp / "preview", BuildOptions(base_url="/minsheng/", today=FIXED_TODAY)
    )
    assert preview.rebuild()
    return preview


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "192.168.1.20:8000", None]
)
def test_requests_to_this_machine_are_answered(app: PreviewSite, host: str | None) -> None:
    assert get(app, "/minsheng/", host=host)[0] == "200 OK"


@pytest.mark.parametrize("host", ["evil.example:8000", "evil.example", "127.0.0.1.nip.io:8000"])
def test_requests_to_another_name_are_refused(app: PreviewSite, host: str) -> None:
    status, body = get(app, "/minsheng/", host=host)
    assert status == "421 Misdirected Request"
    assert b"<html" not in body


def test_head_is_answered_without_a_body(app: PreviewSite) -> None:
    assert get(app, "/minsheng/", method="HEAD") == ("200 OK", b"")


@pytest.mark.parametrize(
    ("length", "status"), [(10_000, "414 URI Too Long"), (1500, "404 Not Found")]
)
def test_very_long_urls_are_answered(app: PreviewSite, length: int, status: str) -> None:
    assert get(app, "/minsheng/" + "a" * length)[0] == status


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("http://localhost:8000", "localhost:8000", True),
        (None, "127.0.0.1:8000", True),
        ("http://evil.example", "127.0.0.1:8000", False),
        ("http://evil.example:8000", "evil.example:8000", False),
        ("http://localhost:9999", "localhost:8000", False),
        ("null", "127.0.0.1:8000", False),
    ],
)
def test_live_reload_accepts_only_the_previews_own_pages(
    app: PreviewSite, origin: str | None, host: str, allowed: bool
) -> None:
    assert app.origin_allowed(origin, host) is allowed


# --- the real server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def previews_of(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"{PREVIEW_PREFIX}{pid}-*"))


def start_server(content: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--content",
            str(content),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/minsheng/", timeout=2)
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.kill()
    raise AssertionError("the preview did not start")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_serve_removes_its_folder_when_stopped(tmp_path: Path, signum: int) -> None:
    content = site(tmp_path)
    port = free_port()
    server = start_server(content, port)
    try:
        assert len(previews_of(server.pid)) == 1
        request = urllib.request.Request(f"http://127.0.0.1:{port}/minsheng/", method="HEAD")
        assert urllib.request.urlopen(request, timeout=5).status == 200
        rebound = urllib.request.Request(
            f"http://127.0.0.1:{port}/minsheng/", headers={"Host": f"evil.example:{port}"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound, timeout=5)
        assert refused.value.code == 421
        server.send_signal(signum)
        assert server.wait(timeout=20) == 128 + signum
    finally:
        if server.poll() is None:
            server.kill()
    assert previews_of(server.pid) == []


def test_folders_of_killed_previews_are_removed_at_the_next_start(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = Path(tempfile.gettempdir()) / f"{PREVIEW_PREFIX}{int(gone.stdout)}-xyz"
    (stale / "site").mkdir(parents=True)
    from generator.serve import preview_folder

    with preview_folder() as folder:
        assert folder.name.startswith(f"{PREVIEW_PREFIX}{os.getpid()}-")
        assert not stale.exists()
    assert not folder.exists()
