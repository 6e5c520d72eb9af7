"""`minsheng update` appends an update and leaves everything else in the file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.validate import load_content

# A plan file in a layout unlike the fixture's: sequences not indented under their key,
# comments everywhere, quoted strings, a flow list, `null`, and an empty `updates: []`.
COMMENTED = """\
# 东区 2022 — edited by hand; keep these comments
id: east-2022   # plan id
title: "东区2022年民生实事"
district: test-east
year: 2022
commitments:
# first item
- no: 1
  section: 一、就业创业
  text: 城镇新增就业 0.8 万人。
  lead: [区人社局]   # lead department
  deadline: null
  updates:
  - date: 2022-06-30
    status: on_track
    note: '上半年新增就业4400人。'
    source:
      url: https://example.org/report-1
      kind: government
  # 下半年报告待补
- no: 2
  text: 新建5家幸福食堂。
  lead: [民政局]
  updates: []
  # trailing comment of item 2
"""


def run(content: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["update", *args, "--content", str(content)])
    return result.exit_code, result.output


def test_update_appends_in_place_and_keeps_comments_and_order(site_copy: Path) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    plan.write_text(COMMENTED, "utf-8")
    code, output = run(
        site_copy,
        "east-2022",
        "1",
        "--status",
        "completed",
        "--note",
        "全年新增就业8200人。",
        "--source",
        "https://example.org/report-2",
        "--date",
        "2022-12-31",
        "--percent",
        "100",
        "--kind",
        "media",
    )
    assert code == 0, output
    before = COMMENTED.splitlines(keepends=True)
    after = plan.read_text("utf-8").splitlines(keepends=True)
    # a comment after the last update stays with it; the new update follows the comment
    anchor = before.index("  # 下半年报告待补\n") + 1
    inserted = [
        "  - date: 2022-12-31\n",
        "    status: completed\n",
        "    progress: 100\n",
        "    note: 全年新增就业8200人。\n",
        "    source:\n",
        "      url: https://example.org/report-2\n",
        "      kind: media\n",
    ]
    assert after == before[:anchor] + inserted + before[anchor:]
    # and the content still loads, with the new update as the latest
    c = load_content(site_copy).content.commitments_by_id["east-2022/1"]
    assert c.status == "completed"
    assert c.updates[-1].source is not None and c.updates[-1].source.kind == "media"


def test_update_on_an_empty_flow_list_and_with_flow_style_sources(site_copy: Path) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    plan.write_text(COMMENTED, "utf-8")
    code, output = run(
        site_copy, "east-2022", "2", "--status", "behind", "--note", "已建成2家。",
        "--source", "https://example.org/r", "--date", "2022-09-30",
    )  # fmt: skip
    assert code == 0, output
    text = plan.read_text("utf-8")
    assert "  updates:\n  - date: 2022-09-30\n    status: behind\n" in text
    assert "[]" not in text.split("- no: 2")[1]
    assert text.startswith("# 东区 2022 — edited by hand; keep these comments\n")
    assert "  # trailing comment of item 2\n" in text


def test_fixture_layout_is_kept_and_flow_sources_stay_flow(site_copy: Path) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    original = plan.read_text("utf-8")
    code, output = run(
        site_copy, "east-2022", "2", "--status", "completed", "--note", "已建成5家。",
        "--source", "https://example.org/r3", "--date", "2023-01-15",
    )  # fmt: skip
    assert code == 0, output
    new = plan.read_text("utf-8")
    # the fixture ends with item 2's update; the new one follows it, the rest is unchanged
    assert new == original + (
        "      - date: 2023-01-15\n"
        "        status: completed\n"
        "        note: 已建成5家。\n"
        "        source: {url: https://example.org/r3, kind: government}\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope-2022", "1", "--status", "on_track"], "unknown plan 'nope-2022'"),
        (["east-2022", "9", "--status", "on_track"], "plan has no commitment 9"),
        (["east-2022", "1", "--status", "done"], "'done' is not one of"),
        (["east-2022", "1", "--status", "on_track", "--date", "2022-13-01"], "is not a date"),
        (["east-2022", "1", "--status", "on_track", "--percent", "101"], "between 0 and 100"),
        (["east-2022", "1", "--status", "on_track", "--kind", "rumour"], "'rumour' is not one of"),
        # what `minsheng check` refuses is refused before anything is written
        (["east-2022", "1", "--status", "on_track", "--source", "https://example.org/a b"], "is not an http(s) URL"),
        (["east-2022", "1", "--status", "on_track", "--note", "长" * 25_000], "over the limit of 20000"),
        (["east-2022", "1", "--status", "on_track", "--note", "   "], "the note is empty"),
        (["east-2022", "1", "--status", "on_track", "--source-title", "x" * 600], "over the limit of 500"),
    ],
)  # fmt: skip
def test_update_refuses_bad_input_and_leaves_the_file_alone(
    site_copy: Path, args: list[str], message: str
) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    original = plan.read_text("utf-8")
    defaults = ["--note", "x", "--source", "https://example.org/x"]
    code, output = run(site_copy, *args[:2], *defaults, *args[2:])  # the last option wins
    assert code == 2
    assert message in output
    assert plan.read_text("utf-8") == original


def test_update_refuses_a_source_that_is_not_a_url(site_copy: Path) -> None:
    code, output = run(
        site_copy, "east-2022", "1", "--status", "completed", "--note", "x", "--source", "报告"
    )
    assert code == 2 and "not an http(s) URL" in output


def test_update_warns_when_a_declared_status_hides_it(site_copy: Path) -> None:
    code, output = run(
        site_copy, "west-2023", "1", "--status", "on_track", "--note", "已开始体检。",
        "--source", "https://example.org/w", "--date", "2023-05-01",
    )  # fmt: skip
    assert code == 0
    assert "status: not_started" in output and "overrides updates" in output


def test_an_older_report_is_back_filled_in_date_order_and_does_not_change_the_status(
    site_copy: Path,
) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    code, output = run(
        site_copy, "east-2022", "1", "--status", "behind", "--note", "一季度新增就业1500人。",
        "--source", "https://example.org/q1", "--date", "2022-03-31",
    )  # fmt: skip
    assert code == 0, output
    assert "older than the latest update (2022-12-31)" in output
    assert "current status stays 'completed'" in output
    c = load_content(site_copy).content.commitments_by_id["east-2022/1"]
    assert [u.date.isoformat() for u in c.updates] == ["2022-03-31", "2022-06-30", "2022-12-31"]
    assert c.status == "completed"  # the back-filled report is not the latest
    text = plan.read_text("utf-8")
    # inserted before the first update, in the file's own layout (flow sources stay flow)
    assert (
        "    updates:\n"
        "      - date: 2022-03-31\n"
        "        status: behind\n"
        "        note: 一季度新增就业1500人。\n"
        "        source: {url: https://example.org/q1, kind: government}\n"
        "      - date: 2022-06-30\n"
    ) in text


def test_an_update_without_a_source_is_recorded_as_unsourced(site_copy: Path) -> None:
    code, output = run(
        site_copy, "east-2022", "2", "--status", "on_track", "--note", "街道电话告知：已建成3家。",
        "--date", "2022-11-30",
    )  # fmt: skip
    assert code == 0, output
    assert "        source: {kind: unsourced}\n" in (
        site_copy / "plans" / "east-2022.yaml"
    ).read_text("utf-8")
    c = load_content(site_copy, strict=True).content.commitments_by_id["east-2022/2"]
    latest = c.updates[-1]
    assert latest.source is not None
    assert (latest.source.kind, latest.source.url) == ("unsourced", None)
    assert c.status == "on_track"


def test_kind_without_a_source_is_refused(site_copy: Path) -> None:
    code, output = run(site_copy, "east-2022", "2", "--status", "on_track", "--note", "x",
                       "--kind", "media")  # fmt: skip
    assert code == 2 and "--source" in output


def test_two_updates_of_one_date_never_become_yaml_aliases(site_copy: Path) -> None:
    for no in ("1", "2"):
        code, output = run(
            site_copy, "east-2022", no, "--status", "completed", "--note", "已完成。",
            "--source", "https://example.org/y", "--date", "2023-01-31",
        )  # fmt: skip
        assert code == 0, output
    text = (site_copy / "plans" / "east-2022.yaml").read_text("utf-8")
    assert "&" not in text and "*id" not in text
    assert text.count("date: 2023-01-31") == 2
    load_content(site_copy, strict=True)  # the project's loader refuses aliases


def test_crlf_line_endings_and_a_bom_are_kept(site_copy: Path) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    original = b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode("utf-8")
    plan.write_bytes(original)
    code, output = run(site_copy, "east-2022", "2", "--status", "behind", "--note", "已建成2家。",
                       "--source", "https://example.org/r", "--date", "2022-09-30")  # fmt: skip
    assert code == 0, output
    raw = plan.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n")  # no bare LF
    text = raw[3:].decode("utf-8")
    assert text.startswith("# 东区 2022 — edited by hand; keep these comments\r\n")
    assert "  # trailing comment of item 2\r\n" in text
    assert b"  - date: 2022-09-30\r\n    status: behind\r\n" in raw


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "id: east-2022\ncommitments:\n  - no: 1\n    text: [unclosed\n",
            "4:11: the '[' opened here is never closed",
        ),
        ("id: east-2022\nx: &a 1\ny: *a\ncommitments: []\n", "alias"),
        ("id: east-2022\ntitle: 东区\ncommitments: []\n".encode("gbk"), "looks like GBK"),
    ],
)
def test_a_plan_file_check_refuses_is_not_edited(
    site_copy: Path, content: str | bytes, message: str
) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    raw = content if isinstance(content, bytes) else content.encode("utf-8")
    plan.write_bytes(raw)
    code, output = run(site_copy, "east-2022", "1", "--status", "on_track", "--note", "x")
    assert code == 1, output
    assert "cannot be edited until `minsheng check` accepts it" in output
    assert message in output
    assert "Traceback" not in output
    assert plan.read_bytes() == raw
