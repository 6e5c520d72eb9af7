"""Screenshots of each page kind of the bundled site, at phone and desktop width, for docs/.

    .venv/bin/python scripts/screenshots.py

Builds content/ into a temporary folder, serves it on 127.0.0.1 and has Chromium
(/usr/bin/chromium, through Playwright) photograph the top of each page; the PNGs go to
docs/screenshots/<kind>-<phone|desktop>.png, which the README shows.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "home": "",
    "district": "districts/changchun-lvyuan/",
    "plan": "plans/lvyuan-2022/",
    "commitment": "plans/lvyuan-2022/1/",
    "notice": "plans/lvyuan-2022/notice/",
    "office": "offices/ren-she/",
    "department": "districts/changchun-lvyuan/departments/qu-ren-she-ju/",
    "category": "categories/elderly/",
    "search": "search/?q=养老",
    "data": "data/",
}
SIZES = {"phone": (360, 740), "desktop": (1280, 800)}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "build",
                "--content",
                str(ROOT / "content"),
                "--output",
                str(site),
                "--base-url",
                "/",
                "-q",
            ],
            check=True,
        )
        handler = functools.partial(Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            shots = [(k, path, size, False) for k, path in PAGES.items() for size in SIZES]
            shots.append(("plan-care", PAGES["plan"], "phone", True))
            for kind, path, size, care in shots:
                width, height = SIZES[size]
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(origin + path, wait_until="networkidle")
                if care:
                    page.click("#care-toggle")
                page.screenshot(path=str(OUT / f"{kind}-{size}.png"))
                page.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
