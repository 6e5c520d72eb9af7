"""The wheel carries the theme and the starter site, and works without the source checkout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSION = re.search(
    r'^__version__ = "([^"]+)"', (ROOT / "generator" / "__init__.py").read_text("utf-8"), re.M
)
REQUIRED = [
    "generator/theme/templates/base.html",
    "generator/theme/templates/plan.html",
    "generator/theme/static/style.css",
    "generator/starter/README.md",
    "generator/starter/.gitignore",
    "generator/starter/.github/workflows/deploy.yml",
    "generator/starter/content/site.yaml",
    "generator/starter/content/districts.yaml",
    "generator/starter/content/departments.yaml",
    "generator/starter/content/categories.yaml",
    "generator/starter/content/plans/example-2024.yaml",
    "generator/starter/content/sources/example-2024.txt",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    (found,) = out.glob("minsheng-*.whl")
    return found


def test_wheel_contains_theme_and_starter(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [n for n in REQUIRED if n not in names]
    assert not missing, missing
    assert not any(n.startswith(("tests/", "content/")) for n in names)


def test_wheel_version_is_the_package_version(wheel: Path) -> None:
    assert VERSION is not None
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(meta_name).decode("utf-8")
    assert f"\nVersion: {VERSION.group(1)}\n" in metadata


def test_site_from_the_wheel_alone(wheel: Path, tmp_path: Path) -> None:
    """``minsheng new`` then ``build`` with the wheel's code and theme, no checkout on the path."""
    installed = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(installed)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    env["PYTHONPATH"] = str(installed)  # ahead of the editable install of the checkout

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )

    where = run("-c", "import generator.render as r; print(r.default_theme_dir())", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()) == installed / "generator" / "theme"

    created = run("-m", "generator", "new", "site", "--title", "轮子站点", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    site = tmp_path / "site"
    checked = run("-m", "generator", "check", "--strict", cwd=site)
    assert checked.returncode == 0, checked.stderr
    built = run("-m", "generator", "build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "轮子站点" in (site / "output" / "index.html").read_text("utf-8")
    assert (site / "output" / "plans" / "example-2024" / "index.html").is_file()
