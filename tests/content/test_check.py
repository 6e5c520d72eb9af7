"""`minsheng check` on broken content: every error named by file, line, column and field.

Each case drops one file of tests/fixtures/broken/ into a copy of the fixture site; the
expected positions were read off those files by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from tests.conftest import ROOT

BROKEN = ROOT / "tests" / "fixtures" / "broken"


def run_check(content: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["check", "--content", str(content), *args], env=env)


def with_broken(content: Path, name: str) -> Path:
    shutil.copy(BROKEN / name, content / "plans" / name)
    return content


# (file, [(line, column, field path, words the message must contain)])
CASES = [
    ("syntax.yaml", [(8, 4, "", "YAML syntax error")]),
    ("typo.yaml", [(8, 5, "commitments[0].deadlne", "did you mean 'deadline'?")]),
    (
        "missing.yaml",
        [
            (1, 1, "", "missing required field 'year'"),
            (5, 5, "commitments[0]", "missing required field 'text'"),
        ],
    ),
    (
        "types.yaml",
        [
            (4, 7, "year", "expected a whole number, got the text '二〇二二'"),
            (8, 11, "commitments[0].lead", "write a list: [区人社局]"),
            (10, 30, "commitments[0].targets[0].value", "expected a number"),
        ],
    ),
    ("duplicate-no.yaml", [(8, 9, "commitments[1].no", "duplicate commitment number 1")]),
    ("unknown-district.yaml", [(3, 11, "district", "unknown district 'test-eest'")]),
    (
        "dates-statuses.yaml",
        [
            (8, 15, "commitments[0].deadline", "'2022-02-30' is not a real date"),
            (9, 13, "commitments[0].status", "'done' is not allowed"),
        ],
    ),
    (
        "updates-order.yaml",
        [(10, 16, "commitments[0].updates[1].date", "list updates oldest first")],
    ),
    ("aliases.yaml", [(6, 5, "commitments[1]", "anchors and aliases are not allowed")]),
    (
        "escape.yaml",
        [
            (1, 5, "id", "'../../escape' is not a valid id"),
            (6, 13, "source.archived", "points outside content/"),
        ],
    ),
    (
        "wrong-name.yaml",
        [
            (1, 5, "id", "duplicate plan id 'east-2022'"),
            (1, 5, "id", "does not match the file name 'wrong-name.yaml'"),
        ],
    ),
    ("gbk.yaml", [(2, 8, "", "looks like GBK")]),
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_error_is_reported_with_file_line_and_field(
    site_copy: Path, name: str, expected: list[tuple[int, int, str, str]]
) -> None:
    result = run_check(with_broken(site_copy, name))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    for line, column, field, words in expected:
        prefix = f"plans/{name}:{line}:{column}: " + (f"{field}: " if field else "")
        matching = [x for x in lines if prefix in x and words in x]
        assert matching, f"no line with {prefix!r} and {words!r} in:\n{result.output}"
    assert f"{len(expected)} error(s)" in result.output


def test_all_broken_files_are_reported_in_one_run(site_copy: Path) -> None:
    for name, _ in CASES:
        with_broken(site_copy, name)
    result = run_check(site_copy)
    assert result.exit_code == 1
    for name, expected in CASES:
        reported = [x for x in result.output.splitlines() if f"plans/{name}:" in x]
        assert len(reported) >= len(expected), (name, result.output)


def test_gbk_error_says_how_to_convert(site_copy: Path) -> None:
    result = run_check(with_broken(site_copy, "gbk.yaml"))
    assert "iconv -f GB18030 -t UTF-8" in result.output


def test_unknown_department_is_a_warning_unless_strict(site_copy: Path) -> None:
    content = with_broken(site_copy, "unknown-department.yaml")
    relaxed = run_check(content)
    assert relaxed.exit_code == 0, relaxed.output
    warning = "plans/unknown-department.yaml:8:12: commitments[0].lead[0]: warning: '区人社'"
    assert warning in relaxed.output
    assert "did you mean '区人社局'?" in relaxed.output

    strict = run_check(content, "--strict")
    assert strict.exit_code == 1
    assert "plans/unknown-department.yaml:8:12: commitments[0].lead[0]: '区人社'" in strict.output


def test_github_actions_annotations(site_copy: Path) -> None:
    result = run_check(with_broken(site_copy, "typo.yaml"), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    annotation = [x for x in result.output.splitlines() if x.startswith("::error ")]
    assert len(annotation) == 1
    assert "plans/typo.yaml,line=8,col=5,title=commitments[0].deadlne::" in annotation[0]


def test_file_over_the_size_limit_is_refused(site_copy: Path) -> None:
    big = site_copy / "plans" / "big.yaml"
    big.write_text("id: big\n# " + "很" * (1024 * 1024) + "\n", "utf-8")
    result = run_check(site_copy)
    assert result.exit_code == 1
    assert "plans/big.yaml:1:1: file is" in result.output
    assert "over the limit" in result.output


def test_missing_archive_and_unknown_category_and_continues(site_copy: Path) -> None:
    plan = site_copy / "plans" / "links.yaml"
    plan.write_text(
        "id: links\n"
        "title: 链接错误\n"
        "district: test-east\n"
        "year: 2024\n"
        "source: {archived: sources/nope.txt}\n"
        "commitments:\n"
        "  - no: 1\n"
        "    text: 第一项\n"
        "    category: eldery\n"
        "    continues: east-2022/9\n",
        "utf-8",
    )
    out = run_check(site_copy).output
    assert (
        "plans/links.yaml:5:20: source.archived: archived copy 'sources/nope.txt' does not exist"
        in out
    )
    assert (
        "plans/links.yaml:9:15: commitments[0].category: unknown category 'eldery' (did you mean 'elderly'?)"
        in out
    )
    assert (
        "plans/links.yaml:10:16: commitments[0].continues: plan 'east-2022' has no commitment 9"
        in out
    )


def test_check_passes_on_fixture_site_and_names_counts() -> None:
    from tests.conftest import FIXTURE_CONTENT

    result = run_check(FIXTURE_CONTENT, "--strict")
    assert result.exit_code == 0, result.output
    assert "ok: 3 plans, 6 commitments, 2 districts" in result.output


def test_missing_content_folder(tmp_path: Path) -> None:
    result = run_check(tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "content folder not found" in result.output


def test_failed_build_keeps_previous_output(site_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    ok = runner.invoke(cli, ["build", "--content", str(site_copy), "--output", str(out), "-q"])
    assert ok.exit_code == 0, ok.output
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    index = (out / "index.html").read_bytes()
    with_broken(site_copy, "typo.yaml")
    failed = runner.invoke(cli, ["build", "--content", str(site_copy), "--output", str(out)])
    assert failed.exit_code == 1
    assert "plans/typo.yaml:8:5" in failed.output
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / "index.html").read_bytes() == index
    assert not list(tmp_path.glob(".out.*")), "staging folder left behind"
