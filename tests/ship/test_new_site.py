"""``minsheng new``: a new site that checks and builds with the installed package alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli
from tests.ship.helpers import read_page

# What the starter site must contain, as documented in the README and docs/editors.md.
STARTER_FILES = {
    ".github/workflows/deploy.yml",
    ".gitignore",
    "README.md",
    "content/site.yaml",
    "content/districts.yaml",
    "content/departments.yaml",
    "content/categories.yaml",
    "content/plans/example-2024.yaml",
    "content/sources/example-2024.txt",
    # for editors' tools
    ".vscode/settings.json",
    ".yamllint.yml",
    "docs/schema/site.schema.json",
    "docs/schema/districts.schema.json",
    "docs/schema/departments.schema.json",
    "docs/schema/categories.schema.json",
    "docs/schema/plan.schema.json",
}
EXAMPLE_PLAN_TITLE = "示例区2024年民生实事项目"


def files_under(root: Path) -> set[str]:
    # .git is the repository `minsheng new` initialises, not a starter file
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] != ".git"
    }


def new_site(tmp_path: Path, *args: str) -> Path:
    site = tmp_path / "my-site"
    result = CliRunner().invoke(cli, ["new", str(site), *args])
    assert result.exit_code == 0, result.output
    return site


def test_new_site_checks_and_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = new_site(tmp_path, "--title", "绿园民生实事追踪")
    assert files_under(site) == STARTER_FILES
    assert not (site / "theme").exists()  # the package's own theme is used

    monkeypatch.chdir(site)  # as an editor would run it: inside the new site, default paths
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "--strict"])
    assert checked.exit_code == 0, checked.output
    assert "ok: 1 plans, 5 commitments" in checked.output

    built = runner.invoke(cli, ["build"])
    assert built.exit_code == 0, built.output
    output = site / "output"
    home = read_page(output / "index.html")
    assert "绿园民生实事追踪" in home.title
    plan_page = output / "plans" / "example-2024" / "index.html"
    assert plan_page.is_file()
    assert any(EXAMPLE_PLAN_TITLE in h for h in read_page(plan_page).h1)
    # The package's stylesheet was copied in.
    assert any(p.suffix == ".css" for p in (output / "static").rglob("*"))
    for no in range(1, 6):
        assert (output / "plans" / "example-2024" / str(no) / "index.html").is_file()


def test_title_and_base_url_are_written_to_site_yaml(tmp_path: Path) -> None:
    title = '东区 "民生": 追踪 # 1'  # quotes, colon and hash must survive as plain text
    site = new_site(tmp_path, "--title", title, "--base-url", "https://example.org/dongqu")
    settings = yaml.safe_load((site / "content" / "site.yaml").read_text("utf-8"))
    assert settings["title"] == title
    assert settings["base_url"] == "https://example.org/dongqu/"


def test_built_site_links_under_the_base_path(tmp_path: Path) -> None:
    site = new_site(tmp_path, "--base-url", "/dongqu/")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--content", str(site / "content"), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    rooted = [h for h in read_page(out / "index.html").hrefs if h.startswith("/")]
    assert rooted, "the home page links to other pages"
    assert all(h.startswith("/dongqu/") for h in rooted), rooted


@pytest.mark.parametrize("bad", ["example.org/minsheng", "ftp://example.org/", "/x/?a=1"])
def test_bad_base_url_is_refused(tmp_path: Path, bad: str) -> None:
    target = tmp_path / "site"
    result = CliRunner().invoke(cli, ["new", str(target), "--base-url", bad])
    assert result.exit_code == 2
    assert "--base-url" in result.output
    assert not target.exists()


def test_workflow_installs_this_version(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    workflow = yaml.safe_load((site / ".github/workflows/deploy.yml").read_text("utf-8"))
    assert workflow["env"]["MINSHENG"] == f"minsheng=={__version__}"
    assert "__VERSION__" not in (site / ".github/workflows/deploy.yml").read_text("utf-8")


def test_non_empty_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site"
    (target / "content").mkdir(parents=True)
    mine = target / "content" / "site.yaml"
    mine.write_text("title: 我的站点\n", "utf-8")
    result = CliRunner().invoke(cli, ["new", str(target)])
    assert result.exit_code == 1
    assert "not empty" in result.output
    assert files_under(target) == {"content/site.yaml"}
    assert mine.read_text("utf-8") == "title: 我的站点\n"


def test_force_adds_missing_files_and_keeps_existing_ones(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "README.md").write_text("our own readme\n", "utf-8")
    result = CliRunner().invoke(cli, ["new", str(target), "--force", "--title", "新标题"])
    assert result.exit_code == 0, result.output
    assert (target / "README.md").read_text("utf-8") == "our own readme\n"
    assert "kept existing" in result.output
    assert files_under(target) == STARTER_FILES
    assert "新标题" in (target / "content" / "site.yaml").read_text("utf-8")


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("x", "utf-8")
    result = CliRunner().invoke(cli, ["new", str(target), "--force"])
    assert result.exit_code == 1
    assert "not a folder" in result.output
    assert target.read_text("utf-8") == "x"


def test_package_chooses_what_the_workflow_installs(tmp_path: Path) -> None:
    target = tmp_path / "site"
    spec = "minsheng @ git+https://example.org/minsheng.git@v1"
    result = CliRunner().invoke(cli, ["new", str(target), "--package", spec])
    assert result.exit_code == 0, result.output
    workflow = yaml.safe_load((target / ".github/workflows/deploy.yml").read_text("utf-8"))
    assert workflow["env"]["MINSHENG"] == spec
    steps = workflow["jobs"]["build"]["steps"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip"
    install = next(s for s in steps if s.get("name") == "Install minsheng")
    assert "[import]" not in install["run"]  # building needs no importer


def test_new_site_is_a_git_repository_on_main(tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("no git")
    target = tmp_path / "site"
    result = CliRunner().invoke(cli, ["new", str(target), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "main" in result.output
    assert "minsheng serve" in result.output and "minsheng build &&" not in result.output
    head = subprocess.run(
        ["git", "-C", str(target), "symbolic-ref", "HEAD"], capture_output=True, text=True
    )
    assert head.stdout.strip() == "refs/heads/main"


def test_new_site_tells_editors_tools_the_schemas(tmp_path: Path) -> None:
    import json

    from generator.schema import json_schema

    site = new_site(tmp_path)
    plan = site / "content" / "plans" / "example-2024.yaml"
    first = plan.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../docs/schema/plan.schema.json"
    pointed = (plan.parent / first.split("$schema=", 1)[1]).resolve()
    assert json.loads(pointed.read_text("utf-8")) == json_schema("plan")
    settings = json.loads((site / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["docs/schema/plan.schema.json"] == "content/plans/*.yaml"
    assert mapping["docs/schema/site.schema.json"] == "content/site.yaml"
    for schema in mapping:
        assert (site / schema).is_file(), schema
    assert "check-keys: false" in (site / ".yamllint.yml").read_text("utf-8")
