"""Open data: commitments.json against its schema, the CSV in a spreadsheet's eyes, export."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from generator.build import Builder, BuildOptions
from generator.cli import cli
from tests.accountability.helpers import main, rows
from tests.conftest import FIXTURE_CONTENT


def load(output: Path, name: str) -> Any:
    return json.loads((output / "data" / name).read_text("utf-8"))


def by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in doc["commitments"]}


def test_commitments_json_validates_against_schema_json(fixture_output: Path) -> None:
    schema = load(fixture_output, "schema.json")
    doc = load(fixture_output, "commitments.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(doc)) == []
    # the schema is not vacuous: a record without an id, or with an unknown status, fails
    broken = json.loads(json.dumps(doc))
    del broken["commitments"][0]["id"]
    broken["commitments"][1]["status"] = "done"
    broken["commitments"][2]["deadline"] = "2023-02-30"
    assert len(list(validator.iter_errors(broken))) == 3


def test_commitments_json_has_the_published_fields(fixture_output: Path) -> None:
    doc = load(fixture_output, "commitments.json")
    assert doc["generated"] == doc["as_of"] == "2023-06-30"  # the as-of date, not the clock
    items = by_id(doc)
    assert sorted(items) == [
        "east-2022/1", "east-2022/2", "east-2023/1", "east-2023/2", "west-2023/1", "west-2023/2"
    ]  # fmt: skip
    c = items["east-2022/2"]
    assert c["plan"] == "east-2022" and c["plan_title"] == "东区2022年民生实事"
    assert (c["district"], c["district_name"], c["year"], c["no"]) == ("test-east", "东区", 2022, 2)
    assert c["lead"] == ["区民政局"]  # canonical name; the plan writes 民政局
    assert c["lead_as_written"] == ["民政局"]
    assert c["support"] == ["各街道"]
    assert (c["deadline"], c["deadline_text"]) == ("2022-12-31", "年底前")
    assert (c["status"], c["overdue"]) == ("behind", True)
    assert c["targets"] == [
        {
            "label": "新建幸福食堂",
            "value": 5,
            "unit": "家",
            "comparator": "=",
            "aim": False,
            "text": None,
        }
    ]
    assert c["updates"][0]["source"]["kind"] == "citizen"
    assert c["continued_by"] == ["east-2023/1"]
    assert c["url"] == "https://example.org/minsheng/plans/east-2022/2/"
    assert items["east-2023/2"]["deadline"] is None  # 长期坚持
    assert items["east-2022/1"]["deadline_implied"] is True
    assert items["west-2023/2"]["overdue"] is False  # due on the as-of date itself


def test_per_plan_json(fixture_output: Path) -> None:
    doc = load(fixture_output, "plans/east-2023.json")
    assert doc["plan"]["title"] == "东区2023年民生实事"
    assert doc["plan"]["url"] == "https://example.org/minsheng/plans/east-2023/"
    assert [c["id"] for c in doc["commitments"]] == ["east-2023/1", "east-2023/2"]
    assert sorted(p.name for p in (fixture_output / "data" / "plans").iterdir()) == [
        "east-2022.json", "east-2023.json", "west-2023.json"
    ]  # fmt: skip


def test_csv_opens_with_chinese_intact(fixture_output: Path) -> None:
    raw = (fixture_output / "data" / "commitments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(table) == 6
    row = {r["id"]: r for r in table}
    assert row["east-2023/1"]["support"] == "区住建局、各街道"  # lists joined with 、
    assert row["east-2022/1"]["targets"] == "城镇新增就业8000人"
    # a multi-line text with commas and quotes survives quoting, byte for byte
    json_text = by_id(load(fixture_output, "commitments.json"))["east-2023/2"]["text"]
    assert "\n" in json_text and row["east-2023/2"]["text"] == json_text
    assert '"改扩建中小学2所，' in text  # that cell is quoted
    assert row["east-2022/2"]["status"] == "behind" and row["east-2022/2"]["overdue"] == "true"
    assert row["east-2022/1"]["latest_source_kind"] == "media"


def test_data_page_documents_fields_and_links_every_file(fixture_output: Path) -> None:
    page = main(fixture_output, "data/")
    links = {a.attrs["href"] for a in page.find_all("a")}
    for name in (
        "commitments.json", "commitments.csv", "schema.json",
        "plans/east-2022.json", "plans/east-2023.json", "plans/west-2023.json",
    ):  # fmt: skip
        assert f"/minsheng/data/{name}" in links
        assert (fixture_output / "data" / name).is_file()
    assert "/minsheng/feeds/all.atom" in links
    fields = {r[0]: r[2] for r in rows(page.find_all("table")[0])[1:]}
    schema = load(fixture_output, "schema.json")
    item = schema["properties"]["commitments"]["items"]["properties"]
    assert set(fields) == set(item)  # every field in the file is documented, and only those
    assert "CC BY 4.0" in page.flat()


def test_builds_do_not_depend_on_the_clock(tmp_path: Path) -> None:
    outputs = []
    for n, today in enumerate((date(2023, 6, 30), date(2031, 1, 1))):
        out = tmp_path / f"out{n}"
        Builder(FIXTURE_CONTENT, out, BuildOptions(today=today)).build()
        outputs.append(out)
    for rel in ("data/commitments.json", "data/commitments.csv", "feeds/all.atom"):
        assert (outputs[0] / rel).read_bytes() == (outputs[1] / rel).read_bytes(), rel


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_writes_the_published_file_to_stdout(fixture_output: Path, fmt: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["export", "--format", fmt, "--content", str(FIXTURE_CONTENT),
         "--base-url", "https://example.org/minsheng/"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (fixture_output / "data" / f"commitments.{fmt}").read_bytes()


def test_export_as_of_changes_overdue() -> None:
    result = CliRunner().invoke(
        cli, ["export", "--content", str(FIXTURE_CONTENT), "--as-of", "2022-12-01"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout_bytes)
    assert doc["as_of"] == "2022-12-01"
    assert by_id(doc)["east-2022/2"]["overdue"] is False  # due 2022-12-31


def test_export_reports_content_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--content", str(tmp_path / "missing")])
    assert result.exit_code != 0
    assert "content folder not found" in result.output
