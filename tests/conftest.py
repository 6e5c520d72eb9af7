"""Shared fixtures: the small fixture site, built once per session, and a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from generator.build import Builder, BuildOptions, BuildResult

# Tests read minsheng's messages in English unless a test asks for a language itself (with
# --lang, or MINSHENG_LANG in CliRunner's env); a site's language would otherwise choose.
os.environ["MINSHENG_LANG"] = "en"

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
FIXTURE_CONTENT = FIXTURE_SITE / "content"
BUNDLED_CONTENT = ROOT / "content"
CHROMIUM = "/usr/bin/chromium"
# the five plan texts the bundled site started from (CI lays shared/ beside the clone)
SEEDS = Path(os.environ.get("MINSHENG_SEEDS", ROOT.parent / "shared" / "seeds"))
FIXED_TODAY = date(2023, 6, 30)


def copy_site(tmp_path: Path, source: Path = FIXTURE_SITE) -> Path:
    """A writable copy of a site folder; returns the copy's content/ folder."""
    target = tmp_path / "site"
    shutil.copytree(source, target)
    return target / "content"


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return copy_site(tmp_path)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed texts' folder; tests that compare against them skip where it is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed texts are not at {SEEDS} (set MINSHENG_SEEDS)")
    return SEEDS


def build(content: Path, output: Path, **options: object) -> BuildResult:
    opts = BuildOptions(today=FIXED_TODAY, **options)  # type: ignore[arg-type]
    return Builder(content, output, opts).build()


@pytest.fixture(scope="session")
def fixture_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built at its configured base URL (https://example.org/minsheng/)."""
    out = tmp_path_factory.mktemp("fixture") / "output"
    build(FIXTURE_CONTENT, out)
    return out


@pytest.fixture(scope="session")
def bundled_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content/ built at the root base URL."""
    out = tmp_path_factory.mktemp("bundled") / "output"
    build(BUNDLED_CONTENT, out, base_url="/")
    return out


def browser_available() -> bool:
    if not os.path.exists(CHROMIUM):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; skipped where it is missing, except in CI."""
    if not browser_available():
        if os.environ.get("MINSHENG_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} or playwright is missing; run scripts/test-setup.sh")
        pytest.skip(f"{CHROMIUM} not installed (scripts/test-setup.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield instance
        finally:
            instance.close()
