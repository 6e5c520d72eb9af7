"""The JSON Schemas editors use agree with the validator and with real plans."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.load import load_yaml
from generator.schema import FILE_SCHEMAS, json_schema
from tests.conftest import BUNDLED_CONTENT, FIXTURE_CONTENT, ROOT

SCHEMA_DIR = ROOT / "docs" / "schema"


def test_committed_schemas_are_up_to_date() -> None:
    for name in FILE_SCHEMAS:
        committed = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
        assert committed == json_schema(name), (
            f"docs/schema/{name}.schema.json is stale: run `minsheng schema`"
        )


def test_schema_command_writes_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    plan = json.loads((tmp_path / "plan.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(plan)
    assert plan["required"] == ["id", "title", "district", "year", "commitments"]


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json_schema(name), format_checker=jsonschema.FormatChecker()
    )


def test_docs_example_plan_is_valid_against_schema(tmp_path: Path) -> None:
    path = tmp_path / "lvyuan-2022.yaml"
    text = (ROOT / "docs" / "content.md").read_text("utf-8").split("## Example", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert match
    path.write_text(match.group(1), "utf-8")
    doc, problems = load_yaml(path)
    assert problems == []
    errors = list(_validator("plan").iter_errors(doc.data))
    assert errors == []


def plan_files() -> list[Path]:
    return sorted([*BUNDLED_CONTENT.glob("plans/*.yaml"), *FIXTURE_CONTENT.glob("plans/*.yaml")])


@pytest.mark.parametrize("path", plan_files(), ids=lambda p: p.name)
def test_plans_are_valid_against_schema(path: Path) -> None:
    doc, problems = load_yaml(path)
    assert problems == []
    errors = [f"{list(e.path)}: {e.message}" for e in _validator("plan").iter_errors(doc.data)]
    assert errors == []


@pytest.mark.parametrize("name", ["site", "districts", "departments", "categories"])
def test_site_files_are_valid_against_schema(name: str) -> None:
    for root in (BUNDLED_CONTENT, FIXTURE_CONTENT):
        path = root / f"{name}.yaml"
        if not path.exists():
            continue
        doc, problems = load_yaml(path)
        assert problems == []
        assert list(_validator(name).iter_errors(doc.data)) == []


def test_schema_rejects_what_the_validator_rejects() -> None:
    bad = {"id": "../x", "title": "t", "district": "d", "year": 2022, "commitments": []}
    assert list(_validator("plan").iter_errors(bad))
    typo = {
        "id": "x",
        "title": "t",
        "district": "d",
        "year": 2022,
        "commitments": [{"no": 1, "text": "t", "deadlne": "2022-12-31"}],
    }
    assert list(_validator("plan").iter_errors(typo))


def test_every_field_has_a_title_in_both_languages() -> None:
    import re as _re

    def walk(schema: object, where: str) -> None:
        if isinstance(schema, dict):
            for name, prop in (schema.get("properties") or {}).items():
                title = prop.get("title", "")
                assert _re.search(r"[\u4e00-\u9fff]", title), f"{where}.{name}: {title!r}"
                assert _re.search(r"· [A-Za-z]", title), f"{where}.{name}: {title!r}"
            for value in schema.values():
                walk(value, where)
        elif isinstance(schema, list):
            for value in schema:
                walk(value, where)

    for name in FILE_SCHEMAS:
        walk(json_schema(name), name)
    commitment = json_schema("plan")["properties"]["commitments"]["items"]["properties"]
    assert "false" in commitment["no"]["description"]  # the note on YAML 1.1's `no`
    assert "已完成 · completed" in commitment["status"]["enumDescriptions"]
    assert "已完成" in commitment["status"]["enum"]
