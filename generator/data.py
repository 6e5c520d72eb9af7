"""Open data built from the model: JSON, CSV, per-plan JSON and a JSON Schema.

Files (paths relative to the site root):

- ``data/commitments.json``: ``{"generated", "as_of", "licence", "commitments": [...]}``;
- ``data/commitments.csv``: one row per commitment, UTF-8 with a BOM (so spreadsheet programs
  read the Chinese correctly), lists joined with ``、``;
- ``data/plans/<plan-id>.json``: one plan with its commitments;
- ``data/schema.json``: the JSON Schema of ``commitments.json``.

``generated`` is the site's as-of date, not the wall-clock time, so building the same content
twice gives byte-identical files. ``minsheng export`` writes the JSON or CSV to stdout.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from generator.datafields import COMMITMENT_FIELDS
from generator.i18n import category_name
from generator.model import (
    SLUG_PATTERN,
    SOURCE_KINDS,
    STATUS_ORDER,
    Commitment,
    Content,
    Plan,
    Responsible,
)
from generator.reuse import ReuseStore
from generator.stats import office_types
from generator.urls import Links, commitment_url, office_csv_url, plan_url

LIST_SEPARATOR = "、"
# Caveats are sentences that may hold 、 themselves.
CAVEAT_SEPARATOR = " | "


CSV_COLUMNS = (
    "id",
    "plan",
    "plan_title",
    "district",
    "district_name",
    "year",
    "verified",
    "caveats",
    "no",
    "section",
    "category",
    "category_name",
    "categories",
    "title",
    "text",
    "lead",
    "support",
    "deadline",
    "deadline_implied",
    "deadline_from_plan",
    "deadline_text",
    "targets",
    "status",
    "overdue",
    "past_deadline",
    "progress",
    "update_count",
    "latest_update_date",
    "latest_update_note",
    "latest_source_kind",
    "latest_source_url",
    "continues",
    "url",
)


# --- records -------------------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: float | int | None) -> float | int | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or Infinity (validation refuses them anyway)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _names(content: Content, district: str, units: tuple[Responsible, ...]) -> list[str]:
    out: list[str] = []
    for unit in units:
        dept = content.departments.get((district, unit.department)) if unit.department else None
        name = dept.name if dept else unit.name
        if name not in out:
            out.append(name)
    return out


def commitment_record(content: Content, links: Links, c: Commitment) -> dict[str, Any]:
    plan = content.plans_by_id[c.plan]
    district = content.districts[plan.district]
    category = content.categories[c.category]
    latest = c.latest_update
    return {
        "id": c.id,
        "plan": plan.id,
        "plan_title": plan.title,
        "district": district.slug,
        "district_name": district.name,
        "year": plan.year,
        "verified": plan.verified,
        "caveats": list(plan.caveats),
        "no": c.no,
        "section": c.section,
        "category": category.slug,
        "category_name": category_name(category, content.site.language),
        "categories": list(c.categories),
        "title": c.title,
        "text": c.text,
        "lead": _names(content, plan.district, c.lead),
        "support": _names(content, plan.district, c.support),
        "lead_as_written": [u.name for u in c.lead],
        "support_as_written": [u.name for u in c.support],
        "deadline": _iso(c.deadline),
        "deadline_implied": c.deadline_implied,
        "deadline_from_plan": c.deadline_from_plan,
        "deadline_text": c.deadline_text,
        "targets": [
            {
                "label": t.label,
                "value": _number(t.value),
                "unit": t.unit,
                "comparator": t.comparator,
                "aim": t.aim,
                "text": t.text,
            }
            for t in c.targets
        ],
        "milestones": [{"date": m.date.isoformat(), "text": m.text} for m in c.milestones],
        "status": c.status,
        "declared_status": c.declared_status,
        "overdue": c.overdue,
        "past_deadline": c.past_deadline,
        "progress": _number(c.progress),
        "updates": [
            {
                "date": u.date.isoformat(),
                "status": u.status,
                "progress": _number(u.progress),
                "note": u.note,
                "source": {
                    "url": u.source.url,
                    "title": u.source.title,
                    "kind": u.source.kind,
                    "publisher": u.source.publisher,
                    "date": _iso(u.source.date),
                }
                if u.source
                else None,
            }
            for u in c.updates
        ],
        "latest_source_kind": latest.source.kind if latest and latest.source else None,
        "continues": c.continues,
        "continued_by": list(c.continued_by),
        "url": links.abs_url(commitment_url(c.id)),
    }


def plan_record(content: Content, links: Links, plan: Plan) -> dict[str, Any]:
    district = content.districts[plan.district]
    src = plan.source
    return {
        "id": plan.id,
        "title": plan.title,
        "district": district.slug,
        "district_name": district.name,
        "year": plan.year,
        "verified": plan.verified,
        "year_text": plan.year_text,
        "issuer": plan.issuer,
        "document_number": plan.document_number,
        "published": _iso(plan.published),
        "deadline": _iso(plan.deadline),
        "deadline_text": plan.deadline_text,
        "source": {
            "title": src.title,
            "url": src.url,
            "publisher": src.publisher,
            "retrieved": _iso(src.retrieved),
        }
        if src
        else None,
        "caveats": list(plan.caveats),
        "url": links.abs_url(plan_url(plan.id)),
    }


# --- files ---------------------------------------------------------------------------------


def _header(content: Content) -> dict[str, Any]:
    as_of = content.site.as_of.isoformat()
    return {"generated": as_of, "as_of": as_of, "licence": content.site.licence}


def _dump(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


class _Raw(str):
    """An item already serialized as JSON."""


def _json_bytes(value: dict[str, Any]) -> bytes:
    """JSON with one line per top-level key and one line per list item: diffable, and
    written by the C encoder (``indent`` would switch to the much slower Python one)."""
    dump = _dump
    lines = []
    for key, v in value.items():
        if isinstance(v, list) and v:
            body = ",\n".join(item if isinstance(item, _Raw) else dump(item) for item in v)
            lines.append(f"{dump(key)}:[\n{body}\n]")
        else:
            lines.append(f"{dump(key)}:{dump(v)}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def _records(content: Content, links: Links) -> dict[str, dict[str, Any]]:
    return {c.id: commitment_record(content, links, c) for c in content.commitments}


def commitments_json(
    content: Content, links: Links, records: dict[str, dict[str, Any]] | None = None
) -> bytes:
    records = records if records is not None else _records(content, links)
    return _json_bytes({**_header(content), "commitments": list(records.values())})


# A text cell starting with one of these is read as a formula by spreadsheet programs
# (=HYPERLINK(...), +cmd|...): OWASP's CSV injection advice is to put a ' before it, which
# spreadsheets show as text. Numbers are written as numbers (a negative one is no formula).
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(CSV_FORMULA_STARTS) else value
    return str(value)


def _target_text(t: dict[str, Any]) -> str:
    comparator = "" if t["comparator"] == "=" else t["comparator"]
    return f"{t['label']}{comparator}{t['value']}{t['unit']}"


def _csv_text(rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()


def _csv_rows(records: Iterable[dict[str, Any]]) -> str:
    """CSV lines of these records, without the header (rows are independent of each other,
    so a file may be assembled from separately written runs of rows)."""
    rows = []
    for r in records:
        latest = r["updates"][-1] if r["updates"] else None
        row = {
            **r,
            "categories": LIST_SEPARATOR.join(r["categories"]),
            "lead": LIST_SEPARATOR.join(r["lead"]),
            "support": LIST_SEPARATOR.join(r["support"]),
            "caveats": CAVEAT_SEPARATOR.join(r["caveats"]),
            "targets": LIST_SEPARATOR.join(_target_text(t) for t in r["targets"]),
            "update_count": len(r["updates"]),
            "latest_update_date": latest["date"] if latest else None,
            "latest_update_note": latest["note"] if latest else None,
            "latest_source_url": latest["source"]["url"] if latest and latest["source"] else None,
        }
        rows.append([_csv_cell(row[col]) for col in CSV_COLUMNS])
    return _csv_text(rows)


# Excel-friendly: BOM, CRLF line ends, quoted where needed.
_CSV_HEAD = codecs.BOM_UTF8 + _csv_text([CSV_COLUMNS]).encode("utf-8")


def commitments_csv(
    content: Content, links: Links, records: dict[str, dict[str, Any]] | None = None
) -> bytes:
    """One row per commitment, under a header row."""
    records = records if records is not None else _records(content, links)
    return _CSV_HEAD + _csv_rows(records.values()).encode("utf-8")


def plan_json(
    content: Content, links: Links, plan: Plan, records: dict[str, dict[str, Any]]
) -> bytes:
    return _json_bytes(
        {
            **_header(content),
            "plan": plan_record(content, links, plan),
            "commitments": [records[c.id] for c in plan.commitments],
        }
    )


_JSON_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "string|null": {"type": ["string", "null"]},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "number|null": {"type": ["number", "null"]},
    "date|null": {"type": ["string", "null"], "format": "date"},
    "string[]": {"type": "array", "items": {"type": "string"}},
}

_NESTED: dict[str, dict[str, Any]] = {
    "targets": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["label", "value", "unit", "comparator", "aim", "text"],
            "additionalProperties": False,
            "properties": {
                "label": {"type": "string"},
                "value": {"type": "number"},
                "unit": {"type": "string"},
                "comparator": {"enum": ["=", ">=", "<=", ">", "<", "~"]},
                "aim": {"type": "boolean"},
                "text": {"type": ["string", "null"]},
            },
        },
    },
    "milestones": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["date", "text"],
            "additionalProperties": False,
            "properties": {
                "date": {"type": "string", "format": "date"},
                "text": {"type": "string"},
            },
        },
    },
    "updates": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["date", "status", "progress", "note", "source"],
            "additionalProperties": False,
            "properties": {
                "date": {"type": "string", "format": "date"},
                "status": {"enum": list(STATUS_ORDER)},
                "progress": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
                "note": {"type": "string"},
                "source": {
                    "type": ["object", "null"],
                    "required": ["url", "title", "kind", "publisher", "date"],
                    "additionalProperties": False,
                    "properties": {
                        "url": {"type": ["string", "null"]},
                        "title": {"type": ["string", "null"]},
                        "kind": {"enum": list(SOURCE_KINDS)},
                        "publisher": {"type": ["string", "null"]},
                        "date": {"type": ["string", "null"], "format": "date"},
                    },
                },
            },
        },
    },
}

_ENUMS: dict[str, dict[str, Any]] = {
    "status": {"enum": list(STATUS_ORDER)},
    "declared_status": {"enum": [*STATUS_ORDER, None]},
    "latest_source_kind": {"enum": [*SOURCE_KINDS, None]},
    "id": {"type": "string", "pattern": f"^{SLUG_PATTERN}/[0-9]+$"},
    "url": {"type": "string", "format": "uri-reference"},
}


def json_schema(base_url: str) -> dict[str, Any]:
    """JSON Schema (2020-12) of commitments.json."""
    properties: dict[str, Any] = {}
    for f in COMMITMENT_FIELDS:
        spec = dict(_NESTED.get(f.name) or _ENUMS.get(f.name) or _JSON_TYPES[f.type])
        spec["description"] = f"{f.zh} / {f.en}"
        properties[f.name] = spec
    root = base_url if base_url.endswith("/") else base_url + "/"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": root + "data/schema.json",
        "title": "commitments.json",
        "type": "object",
        "required": ["generated", "as_of", "licence", "commitments"],
        "additionalProperties": False,
        "properties": {
            "generated": {
                "type": "string",
                "format": "date",
                "description": "与 as_of 相同，使同样的内容生成同样的文件 / same as as_of",
            },
            "as_of": {
                "type": "string",
                "format": "date",
                "description": "状态与逾期的计算日期 / date statuses are computed for",
            },
            "licence": {"type": "string", "description": "数据许可 / licence"},
            "commitments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [f.name for f in COMMITMENT_FIELDS],
                    "additionalProperties": False,
                    "properties": properties,
                },
            },
        },
    }


def _schema_bytes(base_url: str) -> bytes:
    return (json.dumps(json_schema(base_url), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True, eq=False)
class _PlanData:
    """One plan's share of the open data, serialized."""

    plan: Plan  # held so the identity check below cannot match a recycled object
    json_records: bytes  # its commitments' records as in commitments.json, comma-joined
    csv_rows: bytes  # its commitments' rows in commitments.csv
    file: bytes  # data/plans/<id>.json


class DataFiles:
    """The open data files, serializing again only the plans that changed.

    Through one :class:`~generator.reuse.ReuseStore`: a plan's records are made from the
    Plan object (``minsheng serve`` hands back the very same one while a plan is
    unchanged), the whole-site files from every plan's records. Everything else a record or
    file reads (base URL, districts, departments, categories, the header's as-of date and
    licence, the language of category names) is the store's world: when it differs,
    everything is made afresh.
    """

    def __init__(self, store: ReuseStore | None = None) -> None:
        self._store = store or ReuseStore(across_builds=False)

    def build(self, content: Content, links: Links) -> dict[str, bytes]:
        header = _header(content)
        store = self._store
        # Shallow copies: a caller changing its dicts in place must still count as a change.
        store.begin(
            (
                links.base_url,
                content.site.language,  # category names follow it
                header,
                dict(content.districts),
                dict(content.departments),
                dict(content.categories),
            )
        )
        plans = [
            store.get(("plan", p.id), (p,), partial(self._plan, content, links, p))
            for p in content.plans
        ]
        json_all, csv_all = store.get(("all",), tuple(plans), partial(_whole, header, plans))
        files = {
            "data/commitments.json": json_all,
            "data/commitments.csv": csv_all,
            "data/schema.json": store.get(
                ("schema",), (links.base_url,), partial(_schema_bytes, links.base_url)
            ),
        }
        for d in plans:
            files[f"data/plans/{d.plan.id}.json"] = d.file
        files.update(store.get(("offices",), tuple(plans), partial(office_csvs, content)))
        return files

    @staticmethod
    def _plan(content: Content, links: Links, plan: Plan) -> _PlanData:
        records = [commitment_record(content, links, c) for c in plan.commitments]
        raw = [_Raw(_dump(r)) for r in records]
        file = _json_bytes(
            {**_header(content), "plan": plan_record(content, links, plan), "commitments": raw}
        )
        return _PlanData(
            plan=plan,
            json_records=",\n".join(raw).encode("utf-8"),
            csv_rows=_csv_rows(records).encode("utf-8"),
            file=file,
        )


def _whole(header: dict[str, Any], plans: list[_PlanData]) -> tuple[bytes, bytes]:
    """commitments.json and commitments.csv from every plan's serialized share."""
    json_records = [d.json_records for d in plans if d.json_records]
    csv_rows = (d.csv_rows for d in plans)
    return _commitments_json(header, json_records), _CSV_HEAD + b"".join(csv_rows)


def _commitments_json(header: dict[str, Any], parts: list[bytes]) -> bytes:
    """commitments.json from already serialized runs of records: what ``_json_bytes`` makes
    of the header and the records, without serializing the records again."""
    if not parts:
        return _json_bytes({**header, "commitments": []})
    head = _json_bytes(header).removesuffix(b"\n}\n")
    return b"".join((head, b',\n"commitments":[\n', b",\n".join(parts), b"\n]\n}\n"))


OFFICE_CSV_COLUMNS = (
    "district",
    "district_name",
    "units",
    "qualifiers",
    "leads",
    "supports",
    "completed",
    "behind",
    "past_deadline_no_report",
    "on_time",
    "due",
    "on_time_rate",
)


def office_csvs(content: Content) -> dict[str, bytes]:
    """One CSV per office comparison table (data/offices/<slug>.csv), rows as on the page."""
    out = {}
    for office in office_types(content):
        rows = [
            [
                r.district,
                content.districts[r.district].display_name,
                LIST_SEPARATOR.join(d.name for d in r.departments),
                LIST_SEPARATOR.join(r.qualifiers),
                len(r.leads),
                len(r.supports),
                r.completed,
                r.behind,
                r.unconfirmed_past_deadline,
                r.timeliness.on_time,
                r.timeliness.due,
                None if r.on_time_rate is None else round(r.on_time_rate, 4),
            ]
            for r in office.rows
        ]
        text = _csv_text([OFFICE_CSV_COLUMNS, *([_csv_cell(v) for v in row] for row in rows)])
        out[office_csv_url(office.slug)] = codecs.BOM_UTF8 + text.encode("utf-8")
    return out


def build_data_files(content: Content, links: Links) -> dict[str, bytes]:
    return DataFiles().build(content, links)
