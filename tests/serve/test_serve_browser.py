"""`minsheng serve` as an editor meets it: a real server process, a real browser.

Two saves half a second apart both reach the browser (livereload alone drops a reload
within ~3 s of the last one); the error is shown first; a taken port gives the next one,
said in its own words, with no tornado or livereload log lines.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(content: Path, port: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The preview, and the port it serves on (read from its own message)."""
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
        stderr=log.open("wb"),
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", "replace")
        if "serving on http://127.0.0.1:" in text:
            served = int(text.split("serving on http://127.0.0.1:", 1)[1].split("/", 1)[0])
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{served}/minsheng/", timeout=2)
                return server, served
            except (urllib.error.URLError, ConnectionError):
                pass
        time.sleep(0.2)
    server.kill()
    raise AssertionError("the preview did not start:\n" + log.read_text("utf-8", "replace"))


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def test_a_taken_port_gives_the_next_one_in_its_own_words(site_copy: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        log = tmp_path / "serve.log"
        server, served = start(site_copy, port, log)
        try:
            assert served != port
        finally:
            stop(server)
    text = log.read_text("utf-8")
    assert f"port {port} is in use; using {served}" in text
    assert "Traceback" not in text
    for noise in ("[I ", "Serving on", "Start watching", "Browser Connected", "livereload"):
        assert noise not in text, text


@pytest.mark.browser
def test_two_saves_half_a_second_apart_both_reach_the_browser(
    site_copy: Path, tmp_path: Path, browser: Any
) -> None:
    server, port = start(site_copy, free_port(), tmp_path / "serve.log")
    site_yaml = site_copy / "site.yaml"
    original = site_yaml.read_text("utf-8")
    title = next(line for line in original.splitlines() if line.startswith("title:"))
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/minsheng/")
        page.wait_for_function("() => window.LiveReload !== undefined", timeout=30000)
        time.sleep(1.0)  # the socket's handshake
        site_yaml.write_text(original.replace(title, "title: 第一次保存"), "utf-8")
        page.wait_for_function("() => document.title.includes('第一次保存')", timeout=60000)
        time.sleep(0.5)
        site_yaml.write_text(original.replace(title, "title: 第二次保存"), "utf-8")
        page.wait_for_function("() => document.title.includes('第二次保存')", timeout=60000)
        # and a broken save: the error first, alone
        site_yaml.write_text(original.replace(title, "title：第三次"), "utf-8")
        page.wait_for_selector("#build-error", timeout=60000)
        first = page.locator("#build-error .preview-error").first
        assert "site.yaml:" in first.inner_text()
        assert "'：'" in first.inner_text()
    finally:
        stop(server)
        site_yaml.write_text(original, "utf-8")
