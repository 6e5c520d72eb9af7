"""Malformed content and settings: each refused at file:line:col with a message, never a
traceback; settings are checked like content."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.helpers import PLAN, check, edit, lines, run, site

TARGET = '      - {label: 城镇新增就业, value: 8000, unit: 人, comparator: "=", text: 0.8 万人}'


def without_later_plan(content: Path) -> None:
    """Remove the plan that continues east-2022 (so a refused east-2022 is the only error)."""
    (content / "plans" / "east-2023.yaml").unlink()


def only_error(content: Path) -> str:
    """The one diagnostic of a failed check, from the file's path inside content/."""
    result = check(content)
    assert result.exit_code == 1, result.stderr
    found = lines(result)
    assert found[-1] == "1 error(s), 0 warning(s)", found
    prefix = str(content) + "/"
    assert found[0].startswith(prefix), found
    return found[0].removeprefix(prefix)


def test_commitments_as_text(tmp_path: Path) -> None:
    content = site(tmp_path)
    plan = content / PLAN
    head = plan.read_text("utf-8").split("commitments:")[0]
    plan.write_text(head + "commitments: foo\n", "utf-8")
    without_later_plan(content)
    assert only_error(content) == (
        "plans/east-2022.yaml:12:14: commitments: expected a list, got the text 'foo' "
        "(write a list: [foo])"
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("targets", "5", "expected a list, got the number 5"),
        ("targets", "x", "expected a list, got the text 'x' (write a list: [x])"),
        ("milestones", "2022-12-31", "expected a list, got the text '2022-12-31'"),
    ],
)
def test_targets_or_milestones_as_a_scalar(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    content = site(tmp_path)
    edit(content, PLAN, f"    targets:\n{TARGET}\n", f"    {field}: {value}\n")
    column = 4 + len(field) + 2 + 1
    assert only_error(content).startswith(
        f"plans/east-2022.yaml:17:{column}: commitments[0].{field}: {message}"
    )


@pytest.mark.parametrize(
    ("written", "shown"), [(".nan", ".nan"), (".inf", ".inf"), ("-.inf", "-.inf"), (".NaN", ".nan")]
)
def test_non_finite_numbers(tmp_path: Path, written: str, shown: str) -> None:
    content = site(tmp_path)
    edit(content, PLAN, "value: 8000", f"value: {written}")
    assert only_error(content) == (
        f"plans/east-2022.yaml:18:32: commitments[0].targets[0].value: {shown} is not a finite "
        "number (write the number itself)"
    )


def test_non_finite_progress(tmp_path: Path) -> None:
    content = site(tmp_path)
    edit(content, PLAN, "progress: 55", "progress: .nan")
    assert only_error(content) == (
        "plans/east-2022.yaml:22:19: commitments[0].updates[0].progress: .nan is not a finite "
        "number (write the number itself)"
    )


@pytest.mark.parametrize(
    ("base_url", "problem"),
    [
        ("javascript:alert(1)//", "is neither a path starting with '/' nor an http(s) URL"),
        ('https://example.org/\\">', "holds '\"', which a URL may not contain"),
        ("//evil.example/", "starts with '//' (a host without a scheme)"),
        ("ftp://example.org/", "is neither a path starting with '/' nor an http(s) URL"),
        ("https://example.org/a b/", "holds ' ', which a URL may not contain"),
        ("minsheng/", "is neither a path starting with '/' nor an http(s) URL"),
    ],
)
def test_base_url_must_be_a_root_path_or_an_http_url(
    tmp_path: Path, base_url: str, problem: str
) -> None:
    content = site(tmp_path)
    edit(content, "site.yaml", "base_url: https://example.org/minsheng/", f'base_url: "{base_url}"')
    shown = base_url.replace('\\"', '"')
    assert only_error(content).startswith(f"site.yaml:3:11: base_url: '{shown}' {problem}")


@pytest.mark.parametrize(
    "base_url", ["/", "/minsheng/", "https://example.org/", "http://x.cn/民生/"]
)
def test_good_base_urls_pass(tmp_path: Path, base_url: str) -> None:
    content = site(tmp_path)
    edit(content, "site.yaml", "base_url: https://example.org/minsheng/", f"base_url: {base_url}")
    assert check(content).exit_code == 0


def test_base_url_option_is_checked_the_same_way(tmp_path: Path) -> None:
    content = site(tmp_path)
    out = tmp_path / "out"
    args = ["--content", str(content), "--output", str(out), "--base-url"]
    result = run("build", *args, "javascript:alert(1)//")
    assert result.exit_code == 2
    assert "Invalid value for '--base-url': 'javascript:alert(1)//' is neither" in result.stderr
    assert not out.exists()


def test_robots_and_sitemap_hold_only_the_checked_base_url(tmp_path: Path) -> None:
    """With a base URL that passed the check, robots.txt has exactly three lines."""
    content = site(tmp_path)
    out = tmp_path / "out"
    result = run("build", "--content", str(content), "--output", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    assert (out / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\nSitemap: https://example.org/minsheng/sitemap.xml\n"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("../outside", "'../outside' is not a path inside the output folder (e.g. CNAME)"),
        ("/etc", "'/etc' is not a path inside the output folder (e.g. CNAME)"),
    ],
)
def test_keep_names_stay_inside_the_output(tmp_path: Path, value: str, message: str) -> None:
    content = site(tmp_path)
    edit(content, "site.yaml", "as_of: 2023-06-30", f"as_of: 2023-06-30\nkeep: [{value}]")
    assert only_error(content) == f"site.yaml:6:8: keep[0]: {message}"


# --- cases that were already refused, kept here so that they stay refused -----------------


def test_alias_bomb(tmp_path: Path) -> None:
    content = site(tmp_path)
    without_later_plan(content)
    edit(content, PLAN, "issuer: 测试市东区人民政府", "issuer: &a 测试\ndocument_number: *a")
    edit(content, PLAN, "document_number: 东政发〔2022〕1号\n", "")
    assert only_error(content) == (
        "plans/east-2022.yaml:6:1: document_number: YAML anchors and aliases are not allowed "
        "(write the value out in full instead of '&name' / '*name')"
    )


def test_deep_nesting(tmp_path: Path) -> None:
    content = site(tmp_path)
    without_later_plan(content)
    edit(content, PLAN, "issuer: 测试市东区人民政府", "issuer: " + "[" * 60 + "]" * 60)
    assert only_error(content).startswith("plans/east-2022.yaml:5:49: issuer")
    assert only_error(content).endswith(": nesting deeper than 40 levels")


def test_huge_file(tmp_path: Path) -> None:
    content = site(tmp_path)
    without_later_plan(content)
    with (content / PLAN).open("a", encoding="utf-8") as handle:
        handle.write("#" * (3 * 1024 * 1024) + "\n")
    size = (content / PLAN).stat().st_size
    assert only_error(content) == (
        f"plans/east-2022.yaml:1:1: file is {size} bytes, over the limit of 2097152 "
        "(split it: one plan per file)"
    )


def test_impossible_date(tmp_path: Path) -> None:
    content = site(tmp_path)
    edit(content, PLAN, "published: 2022-02-15", "published: 2022-02-30")
    assert only_error(content) == (
        "plans/east-2022.yaml:7:12: published: '2022-02-30' is not a real date "
        "(check the month and day)"
    )


@pytest.mark.parametrize("archived", ["../site.yaml", "/etc/passwd", "sources\\\\x.txt"])
def test_archived_path_outside_content(tmp_path: Path, archived: str) -> None:
    content = site(tmp_path)
    edit(content, PLAN, "archived: sources/east-2022.txt", f'archived: "{archived}"')
    shown = archived.replace("\\\\", "\\")
    assert only_error(content) == (
        f"plans/east-2022.yaml:11:13: source.archived: '{shown}' points outside content/ "
        "(use a path like sources/<plan-id>.txt)"
    )


def test_gbk_file(tmp_path: Path) -> None:
    content = site(tmp_path)
    without_later_plan(content)
    plan = content / PLAN
    plan.write_bytes(plan.read_text("utf-8").encode("gb18030"))
    assert only_error(content).startswith(
        "plans/east-2022.yaml:2:8: the file looks like GBK (GB18030): byte 0xb6 is not valid UTF-8"
    )


def test_aim_must_be_true_or_false(tmp_path: Path) -> None:
    content = site(tmp_path)
    edit(
        content,
        PLAN,
        'comparator: "=", text: 0.8 万人',
        'comparator: "=", aim: 力争, text: 0.8 万人',
    )
    message = only_error(content)
    assert message.startswith("plans/east-2022.yaml:18:"), message
    assert "commitments[0].targets[0].aim:" in message and "true or false" in message, message


def test_an_aim_of_true_is_accepted(tmp_path: Path) -> None:
    content = site(tmp_path)
    edit(
        content,
        PLAN,
        'comparator: "=", text: 0.8 万人',
        'comparator: "=", aim: true, text: 0.8 万人',
    )
    assert check(content).exit_code == 0
