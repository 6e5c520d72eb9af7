"""Editors' YAML slips: each named on its own line with the fix, several in one run.

The corpus below is what Chinese input methods and word processors put into YAML (the
slips of issue 20). Every line and column was counted by hand in the text of the case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.importer.progress import STATUS_WORDS
from generator.model import STATUS_ALIASES
from generator.validate import load_content

HEAD = """id: slips-2023
title: 东区2023年民生实事（草稿）
district: test-east
year: 2023
commitments:
"""  # five lines: the cases' lines start at 6

# (name, item lines, [(line, column, words of the message, words of the fix)])
CORPUS = [
    (
        "full-width colon after a key",
        "  - no: 1\n    text: 城镇新增就业。\n    lead：[区人社局]\n",
        [(8, 9, "'：'", "'lead: '")],
    ),
    (
        "full-width space indenting a line",
        "  - no: 1\n\u3000\u3000text: 城镇新增就业。\n",
        [(7, 1, "U+3000", "ordinary spaces")],
    ),
    (
        "tab indenting a line",
        "  - no: 1\n\ttext: 城镇新增就业。\n",
        [(7, 1, "tab", "spaces")],
    ),
    (
        "names joined with 、",
        "  - no: 1\n    text: 城镇新增就业。\n    lead: 区民政局、区人社局\n",
        [(8, 15, "not 2", "lead: [区民政局, 区人社局]")],
    ),
    (
        "names joined with a full-width comma",
        "  - no: 1\n    text: 城镇新增就业。\n    lead: 区民政局，区人社局\n",
        [(8, 15, "not 2", "lead: [区民政局, 区人社局]")],
    ),
    (
        "a list separated by full-width commas",
        "  - no: 1\n    text: 城镇新增就业。\n    lead: [区民政局，区人社局]\n",
        [(8, 16, "not 2", "lead: [区民政局, 区人社局]")],
    ),
    (
        "a list in full-width brackets",
        "  - no: 1\n    text: 城镇新增就业。\n    support: 【区民政局, 区人社局】\n",
        [(8, 14, "'【】'", "support: [区民政局, 区人社局]")],
    ),
    (
        "a quote never closed",
        '  - no: 1\n    title: "新增就业\n    text: 城镇新增就业。\n',
        [(7, 12, "'\"'", "add '\"'")],
    ),
    (
        "a bracket never closed",
        "  - no: 1\n    text: 城镇新增就业。\n    lead: [区人社局\n",
        [(8, 11, "'['", "add ']'")],
    ),
]


def check(content: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(cli, ["check", "--content", str(content), "--lang", lang, *args])


def diagnostics(result: Result, name: str = "slips-2023.yaml") -> list[str]:
    return [x for x in result.output.splitlines() if f"plans/{name}:" in x]


@pytest.mark.parametrize(("name", "items", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_each_slip_is_named_on_its_line_with_the_fix(
    site_copy: Path, name: str, items: str, expected: list[tuple[int, int, str, str]]
) -> None:
    (site_copy / "plans" / "slips-2023.yaml").write_text(HEAD + items, "utf-8")
    result = check(site_copy)
    assert result.exit_code == 1, result.output
    found = diagnostics(result)
    for line, column, words, fix in expected:
        prefix = f"plans/slips-2023.yaml:{line}:{column}: "
        assert any(prefix in x and words in x and fix in x for x in found), (
            f"no {prefix!r} with {words!r} and {fix!r} in:\n{result.output}"
        )
    # the slip alone: the parser's own words about the same trouble add nothing
    assert len(found) == len(expected), result.output
    assert "while scanning" not in result.output
    assert "mapping values" not in result.output


def test_several_slips_in_one_file_and_other_files_still_checked(site_copy: Path) -> None:
    text = HEAD + (
        "  - no: 1\n"  # 6
        "    text: 城镇新增就业。\n"  # 7
        "    lead：[区人社局]\n"  # 8
        "    support: [区民政局，区教育局]\n"  # 9
        "  - no: 2\n"  # 10
        "\u3000\u3000text: 新建幸福食堂。\n"  # 11
        "    lead: 区民政局、区住建局\n"  # 12
    )
    (site_copy / "plans" / "slips-2023.yaml").write_text(text, "utf-8")
    other = site_copy / "plans" / "west-2023.yaml"
    other.write_text(other.read_text("utf-8").replace("district: test-west", "district: nowhere"))
    result = check(site_copy)
    assert result.exit_code == 1
    places = [x.split("plans/", 1)[1].split(": ", 1)[0] for x in diagnostics(result)]
    assert places == [
        "slips-2023.yaml:8:9",
        "slips-2023.yaml:9:19",
        "slips-2023.yaml:11:1",
        "slips-2023.yaml:12:15",
    ], result.output
    assert "plans/west-2023.yaml:3:11: district: unknown district 'nowhere'" in result.output


def test_slips_in_chinese(site_copy: Path) -> None:
    text = HEAD + "  - no: 1\n    text: 城镇新增就业。\n    lead: 区民政局、区人社局\n"
    (site_copy / "plans" / "slips-2023.yaml").write_text(text, "utf-8")
    result = check(site_copy, lang="zh")
    assert (
        "plans/slips-2023.yaml:8:15: 'lead' 的几个名称用 '、' 或 '，' 连在一起，"
        "会被读成一个名称而不是 2 个 (写成半角逗号分隔的列表：lead: [区民政局, 区人社局])"
    ) in result.output


def test_a_colon_inside_text_is_no_slip(site_copy: Path) -> None:
    text = HEAD + (
        "  - no: 1\n    text: 目标：新增就业8000人、培训2000人次，年底前完成。\n"
        "    lead: [区人社局]\n    notes: |\n      备注：\tlead：[不是键]\n"
    )
    (site_copy / "plans" / "slips-2023.yaml").write_text(text, "utf-8")
    result = check(site_copy)
    assert diagnostics(result) == [], result.output


def test_a_duplicate_number_hides_no_other_check(site_copy: Path) -> None:
    text = HEAD + (
        "  - no: 1\n    text: 城镇新增就业。\n    lead: [区人社局]\n"
        "  - no: 1\n"  # 9
        "    text: 新建幸福食堂。\n"
        "    category: nowhere\n"  # 11
        "    updates:\n"
        "      - {date: 2023-05-01, status: on_track}\n"
        "      - {date: 2023-03-01, status: behind}\n"  # 14
    )
    (site_copy / "plans" / "slips-2023.yaml").write_text(text, "utf-8")
    result = check(site_copy)
    found = "\n".join(diagnostics(result))
    assert "slips-2023.yaml:9:9: commitments[1].no: duplicate commitment number 1" in found
    assert "slips-2023.yaml:11:15: commitments[1].category: unknown category 'nowhere'" in found
    assert "slips-2023.yaml:14:16: commitments[1].updates[1].date: update of 2023-03-01" in found


def test_a_status_indented_out_of_its_update_is_caught(site_copy: Path) -> None:
    text = HEAD + (
        "  - no: 1\n    text: 城镇新增就业。\n    lead: [区人社局]\n"
        "    updates:\n"
        "      - date: 2023-03-01\n"
        "        status: on_track\n"
        "      - date: 2023-06-01\n"
        "        note: 已完成全年任务。\n"
        "    status: completed\n"  # 14
    )
    (site_copy / "plans" / "slips-2023.yaml").write_text(text, "utf-8")
    result = check(site_copy)
    assert result.exit_code == 1
    found = "\n".join(diagnostics(result))
    assert "slips-2023.yaml:14:5: commitments[0].status: the commitment's 'status:'" in found
    assert "indent it one more level into that update" in found


def test_chinese_status_words_are_read_as_the_statuses(site_copy: Path) -> None:
    text = HEAD + (
        "  - no: 1\n    text: 城镇新增就业。\n    lead: [区人社局]\n"
        "    updates:\n"
        "      - {date: 2023-03-01, status: 正常推进}\n"
        "      - {date: 2023-06-01, status: 已完成}\n"
        "  - no: 2\n    text: 新建幸福食堂。\n    lead: [区民政局]\n    status: 未开工\n"
    )
    (site_copy / "plans" / "slips-2023.yaml").write_text(text, "utf-8")
    result = load_content(site_copy)
    plan = next(p for p in result.content.plans if p.id == "slips-2023")
    first, second = plan.commitments
    assert [u.status for u in first.updates] == ["on_track", "completed"]
    assert second.declared_status == "not_started"


def test_the_importer_reads_every_status_word_content_may_use() -> None:
    words = dict(STATUS_WORDS)
    for word, status in STATUS_ALIASES.items():
        if status in words:  # the importer never infers "not reported" from words
            assert word in words[status], word
    assert set(STATUS_ALIASES.values()) - set(words) == {"not_reported"}
