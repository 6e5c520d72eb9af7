"""``minsheng import`` invoked through click's test runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.commands.importing import import_cmd
from generator.importer.emit import load, to_plain

FIXTURES = Path(__file__).parent / "fixtures"

PLAN = (
    "首页 > 政务公开 > 正文\n"
    "示例区2023年民生实事\n"
    "1. 新建社区食堂3个。（区民政局）\n"
    "2. 城镇新增就业 0.8 万人，年底前完成。（区人社局、各街道）\n"
    "3. 改造老旧小区12个。（区住建局）\n"
    "请各单位认真落实。\n"
)


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    (root / "departments.yaml").write_text(
        "shiliqu:\n  scopes: [各街道]\n  departments:\n    - name: 区民政局\n", encoding="utf-8"
    )
    (root / "districts.yaml").write_text(
        "- slug: shiliqu\n  name: 示例区\n  parent: 某省某市\n  level: district\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(import_cmd, list(args), catch_exceptions=False)


def test_prints_yaml_archives_source_and_summarises(content: Path, source: Path) -> None:
    result = run(str(source), "--content", str(content))
    assert result.exit_code == 0, result.output
    data = to_plain(load(result.stdout))
    assert data["id"] == "shiliqu-2023"  # district found by name in the title
    assert data["district"] == "shiliqu" and data["year"] == 2023
    assert data["source"] == {
        "title": "示例区2023年民生实事",
        "archived": "sources/shiliqu-2023.txt",
    }
    second = data["commitments"][1]
    assert second == {
        "no": 2,
        "text": "城镇新增就业 0.8 万人，年底前完成。",
        "lead": ["区人社局"],
        "support": ["各街道"],
        "deadline": "2023-12-31",
        "deadline_text": "年底前",
        "targets": [
            {"label": "城镇新增就业", "value": 8000, "unit": "人", "comparator": "=",
             "text": "0.8 万人"}
        ],
    }  # fmt: skip
    assert (content / "sources" / "shiliqu-2023.txt").read_text(encoding="utf-8") == PLAN
    assert not (content / "plans").exists()  # nothing written without -o
    err = result.stderr
    assert "commitments: 3" in err
    assert "not in departments.yaml: 区人社局 (1), 区住建局 (1)" in err
    assert "targets: 3 in 3 commitments" in err
    assert "line 6: 请各单位认真落实。" in err
    # The key order of docs/content.md and flow-style department lists.
    assert result.stdout.index("\nid:") < result.stdout.index("\ntitle:")
    # editors' YAML plugins find the schema from the first line
    assert result.stdout.startswith(
        "# yaml-language-server: $schema=../../docs/schema/plan.schema.json\n"
    )
    assert "    lead: [区民政局]\n" in result.stdout


def test_writes_and_refuses_to_overwrite_without_force(content: Path, source: Path) -> None:
    out = content / "plans" / "shiliqu-2023.yaml"
    first = run(str(source), "--content", str(content), "-o", str(out))
    assert first.exit_code == 0 and out.is_file()
    out.write_text(out.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    again = CliRunner().invoke(import_cmd, [str(source), "--content", str(content), "-o", str(out)])
    assert again.exit_code != 0
    assert "exists; use --force" in again.output
    assert out.read_text(encoding="utf-8").endswith("# edited by hand\n")
    forced = run(str(source), "--content", str(content), "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert "# edited by hand" not in out.read_text(encoding="utf-8")


def test_options_and_errors(content: Path, source: Path, tmp_path: Path) -> None:
    result = run(str(source), "--content", str(content), "--id", "my-plan", "--year", "2024")
    data = to_plain(load(result.stdout))
    assert (data["id"], data["year"]) == ("my-plan", 2024)
    runner = CliRunner()
    bad_id = runner.invoke(import_cmd, [str(source), "--content", str(content), "--id", "Bad Id"])
    assert bad_id.exit_code != 0 and "not a lowercase ASCII slug" in bad_id.output
    empty = tmp_path / "empty.txt"
    empty.write_text("没有编号的文字。\n", encoding="utf-8")
    none = runner.invoke(import_cmd, [str(empty), "--content", str(content), "--id", "x"])
    assert none.exit_code != 0 and "no commitments found" in none.output


def test_updates_for_a_plan(content: Path, tmp_path: Path) -> None:
    (content / "plans").mkdir()
    plan_file = content / "plans" / "shiliqu-2022.yaml"
    shutil.copy(FIXTURES / "progress_plan.yaml", plan_file)
    report = FIXTURES / "progress_report.txt"
    result = run(str(report), "--updates-for", "shiliqu-2022", "--content", str(content),
                 "-o", str(plan_file))  # fmt: skip
    assert result.exit_code == 0, result.output
    text = plan_file.read_text(encoding="utf-8")
    assert text.startswith("# A plan written for the progress-report tests")
    assert "新建口袋公园10个。  # keep this comment too" in text
    data = to_plain(load(text))
    by_no = {c["no"]: c for c in data["commitments"]}
    report_source = {"title": "示例区2022年上半年民生实事进展情况",
                     "archived": "sources/shiliqu-2022-progress-2022-06-30.txt",
                     "kind": "government"}  # fmt: skip
    assert by_no[1]["updates"] == [
        {"date": "2022-06-30", "status": "on_track", "progress": 55,
         "note": "上半年城镇新增就业4400人，完成进度55%，正常推进。", "source": report_source}
    ]  # fmt: skip
    assert [u["date"] for u in by_no[2]["updates"]] == ["2022-03-31", "2022-06-30"]
    assert by_no[2]["updates"][1]["status"] == "completed"
    # Item 3 of the report has no commitment 3: matched to commitment 5 by its text.
    assert by_no[5]["updates"][0]["status"] == "behind"
    assert "item 4 matches no commitment" in result.stderr
    assert (content / "sources" / "shiliqu-2022-progress-2022-06-30.txt").is_file()

    again = run(str(report), "--updates-for", "shiliqu-2022", "--content", str(content),
                "-o", str(plan_file))  # fmt: skip
    assert "has an update of 2022-06-30; kept (use --force)" in again.stderr
    assert (
        len(to_plain(load(plan_file.read_text(encoding="utf-8")))["commitments"][0]["updates"]) == 1
    )


def test_updates_need_a_plan_and_a_date(content: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    report = FIXTURES / "progress_report.txt"
    missing = runner.invoke(import_cmd, [str(report), "--updates-for", "nope", "--content",
                                         str(content)])  # fmt: skip
    assert missing.exit_code != 0 and "no such plan" in missing.output
    (content / "plans").mkdir()
    shutil.copy(FIXTURES / "progress_plan.yaml", content / "plans" / "shiliqu-2022.yaml")
    undated = tmp_path / "undated.txt"
    undated.write_text("进展情况\n1. 城镇新增就业。进展情况：正常推进。\n", encoding="utf-8")
    result = runner.invoke(import_cmd, [str(undated), "--updates-for", "shiliqu-2022",
                                        "--content", str(content)])  # fmt: skip
    assert result.exit_code != 0 and "cannot find the date" in result.output
