"""The shape of every content file, declared once.

The same declarations drive two things: the structural checks of :mod:`generator.validate`
(unknown fields with did-you-mean, missing fields, wrong types, bad dates, unsafe ids) and
the JSON Schemas in ``docs/schema/`` that editors' YAML plugins use
(``minsheng schema --out docs/schema`` writes them; a test keeps them in sync).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from generator.model import SLUG_PATTERN, SOURCE_KINDS, STATUS_ALIASES, STATUS_ORDER

SLUG_RE = re.compile(f"^{SLUG_PATTERN}$")
SLUG_MAX = 64
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = STATUS_ORDER
COMPARATORS = ("=", ">=", "<=", ">", "<", "~")
DISTRICT_LEVELS = (
    "province",
    "city",
    "district",
    "county",
    "county_city",
    "new_area",
    "development_zone",
    "other",
)
LANGUAGES = ("zh-CN", "en")


@dataclass(frozen=True)
class Spec:
    """Base of all value shapes."""

    description: str = ""

    def type_name(self) -> str:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Spec):
    max_length: int = 20000
    min_length: int = 0

    def type_name(self) -> str:
        return "text"

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.min_length:
            out["minLength"] = self.min_length
        return out


@dataclass(frozen=True)
class Slug(Spec):
    def type_name(self) -> str:
        return "an id of lowercase ASCII letters, digits and hyphens"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_RE.pattern, "maxLength": SLUG_MAX}


@dataclass(frozen=True)
class Url(Spec):
    def type_name(self) -> str:
        return "an http(s) URL"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^https?://", "maxLength": 2000}


@dataclass(frozen=True)
class Date(Spec):
    def type_name(self) -> str:
        return "a date (YYYY-MM-DD)"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": DATE_RE.pattern, "format": "date"}


@dataclass(frozen=True)
class Number(Spec):
    minimum: float | None = None
    maximum: float | None = None
    json_type: ClassVar[str] = "number"

    def type_name(self) -> str:
        return "a number"

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.json_type}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass(frozen=True)
class Integer(Number):
    json_type: ClassVar[str] = "integer"

    def type_name(self) -> str:
        return "a whole number"


@dataclass(frozen=True)
class Choice(Spec):
    values: tuple[str, ...] = ()
    # other words accepted for a value, e.g. 已完成 for completed; read as that value
    aliases: Mapping[str, str] = field(default_factory=dict)

    def type_name(self) -> str:
        return "one of " + ", ".join(self.values)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": [*self.values, *self.aliases]}


@dataclass(frozen=True)
class Nullable(Spec):
    inner: Spec = field(default_factory=Text)

    def type_name(self) -> str:
        return f"{self.inner.type_name()} or null"

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [self.inner.json_schema(), {"type": "null"}]}


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec = field(default_factory=Text)
    max_items: int = 10000

    def type_name(self) -> str:
        return "a list"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Obj(Spec):
    fields: dict[str, Field] = field(default_factory=dict)

    def type_name(self) -> str:
        return "a mapping (key: value)"

    def json_schema(self) -> dict[str, Any]:
        props = {}
        for name, f in self.fields.items():
            schema = f.spec.json_schema()
            if f.description:
                schema = {"description": f.description, **schema}
            props[name] = schema
        out: dict[str, Any] = {
            "type": "object",
            "properties": props,
            "additionalProperties": False,
        }
        required = [name for name, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        return out


@dataclass(frozen=True)
class MapOf(Spec):
    """A mapping whose keys are slugs (e.g. district slugs) and values one shape."""

    value: Spec = field(default_factory=Text)

    def type_name(self) -> str:
        return "a mapping of ids"

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": SLUG_RE.pattern, "maxLength": SLUG_MAX},
            "additionalProperties": self.value.json_schema(),
        }


@dataclass(frozen=True)
class StringOrList(Spec):
    """One text or a list of texts (e.g. ``caveats``); read as a list."""

    def type_name(self) -> str:
        return "text or a list of texts"

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


# --- the content files -------------------------------------------------------------------

SOURCE_REF = Obj(
    fields={
        "url": Field(Url(), description="where the text was published"),
        "title": Field(Text(max_length=500), description="title of the source"),
        "kind": Field(Choice(values=SOURCE_KINDS), description="who reports it"),
        "publisher": Field(Text(max_length=200)),
        "date": Field(Date()),
    }
)

PLAN_SOURCE = Obj(
    fields={
        "title": Field(Text(max_length=500), description="title of the source document"),
        "url": Field(Url(), description="where the plan was published"),
        "archived": Field(
            Text(max_length=300),
            description="path under content/ of the archived original text",
        ),
        "publisher": Field(Text(max_length=200), description="site or body that published it"),
        "retrieved": Field(Date(), description="when the text was copied"),
    }
)

TARGET = Obj(
    fields={
        "label": Field(Text(max_length=200), required=True, description="what is counted"),
        "value": Field(Number(), required=True, description="the number promised"),
        "unit": Field(Text(max_length=40), description="unit, e.g. 人, 个, %"),
        "comparator": Field(Choice(values=COMPARATORS), description="=, >=, <=, >, < or ~"),
        "text": Field(Text(max_length=200), description="the target as written"),
    }
)

MILESTONE = Obj(
    fields={
        "date": Field(Date(), required=True),
        "text": Field(Text(max_length=500), required=True),
    }
)

UPDATE = Obj(
    fields={
        "date": Field(Date(), required=True, description="date of the report"),
        "status": Field(Choice(values=STATUSES, aliases=STATUS_ALIASES), required=True),
        "progress": Field(Number(minimum=0, maximum=100), description="percent complete"),
        "note": Field(Text(), description="what was reported (markdown)"),
        "source": Field(SOURCE_REF, description="where the report comes from"),
    }
)

COMMITMENT = Obj(
    fields={
        "no": Field(Integer(minimum=1, maximum=100000), required=True),
        "section": Field(Text(max_length=300), description="the plan's own heading"),
        "category": Field(Slug(), description="taxonomy slug; derived when absent"),
        "title": Field(Text(max_length=300), description="short title"),
        "text": Field(Text(min_length=1), required=True, description="verbatim text"),
        "lead": Field(ListOf(item=Text(max_length=200)), description="lead departments"),
        "support": Field(ListOf(item=Text(max_length=200)), description="supporting units"),
        "deadline": Field(Nullable(inner=Date()), description="machine deadline"),
        "deadline_text": Field(Nullable(inner=Text(max_length=300)), description="as written"),
        "milestones": Field(ListOf(item=MILESTONE)),
        "targets": Field(ListOf(item=TARGET)),
        "status": Field(Choice(values=STATUSES, aliases=STATUS_ALIASES)),
        "updates": Field(ListOf(item=UPDATE)),
        "continues": Field(Text(max_length=140), description="'<plan-id>/<no>' of an earlier plan"),
        "notes": Field(Text(), description="editor's notes (markdown)"),
    }
)

PLAN = Obj(
    fields={
        "id": Field(Slug(), required=True, description="plan id; the file name is <id>.yaml"),
        "title": Field(Text(max_length=300, min_length=1), required=True),
        "district": Field(Slug(), required=True, description="slug from districts.yaml"),
        "year": Field(Integer(minimum=1949, maximum=2200), required=True),
        "issuer": Field(Text(max_length=300)),
        "document_number": Field(Text(max_length=100)),
        "published": Field(Date()),
        "source": Field(PLAN_SOURCE),
        "summary": Field(Text()),
        "caveats": Field(StringOrList()),
        "commitments": Field(ListOf(item=COMMITMENT), required=True),
    }
)

SITE = Obj(
    fields={
        "title": Field(Text(max_length=200, min_length=1), required=True),
        "description": Field(Text(max_length=500)),
        "base_url": Field(Text(max_length=500), description="e.g. https://example.org/minsheng/"),
        "language": Field(Choice(values=LANGUAGES)),
        "as_of": Field(Date(), description="date statuses are computed for"),
        "licence": Field(Text(max_length=200)),
        "repository": Field(Url()),
        "keep": Field(
            ListOf(item=Text(max_length=300), max_items=100),
            description="paths in the output folder a build keeps though it does not make "
            "them (.git, CNAME and .nojekyll always are)",
        ),
    }
)

DISTRICT = Obj(
    fields={
        "slug": Field(Slug(), required=True),
        "name": Field(Text(max_length=100, min_length=1), required=True),
        "full_name": Field(Text(max_length=200)),
        "parent": Field(Text(max_length=200)),
        "level": Field(Choice(values=DISTRICT_LEVELS)),
    }
)
DISTRICTS = ListOf(item=DISTRICT)

DEPARTMENT = Obj(
    fields={
        "name": Field(Text(max_length=200, min_length=1), required=True),
        "aliases": Field(ListOf(item=Text(max_length=200))),
        "slug": Field(Slug()),
        "website": Field(Url()),
        "foi_url": Field(Url(), description="政府信息公开 application page"),
        "hotline": Field(Text(max_length=50)),
    }
)
DEPARTMENTS = MapOf(
    value=Obj(
        fields={
            "scopes": Field(ListOf(item=Text(max_length=200)), description="collective scopes"),
            "departments": Field(ListOf(item=DEPARTMENT)),
        }
    )
)

CATEGORY = Obj(
    fields={
        "slug": Field(Slug(), required=True),
        "name": Field(Text(max_length=100, min_length=1), required=True),
        "name_en": Field(Text(max_length=100)),
        "keywords": Field(ListOf(item=Text(max_length=50))),
        "description": Field(Text()),
    }
)
CATEGORIES = ListOf(item=CATEGORY)

FILE_SCHEMAS: dict[str, Spec] = {
    "site": SITE,
    "districts": DISTRICTS,
    "departments": DEPARTMENTS,
    "categories": CATEGORIES,
    "plan": PLAN,
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one content file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://minsheng.invalid/schema/{name}.schema.json",
        "title": f"minsheng {name} file",
        **FILE_SCHEMAS[name].json_schema(),
    }
