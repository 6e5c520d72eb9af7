"""The shape of every content file, declared once.

The same declarations drive two things: the structural checks of :mod:`generator.validate`
(unknown fields with did-you-mean, missing fields, wrong types, bad dates, unsafe ids) and
the JSON Schemas in ``docs/schema/`` that editors' YAML plugins use
(``minsheng schema --out docs/schema`` writes them; a test keeps them in sync).
"""

from __future__ import annotations

import json
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
class Boolean(Spec):
    def type_name(self) -> str:
        return "true or false"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice(Spec):
    values: tuple[str, ...] = ()
    # other words accepted for a value, e.g. 已完成 for completed; read as that value
    aliases: Mapping[str, str] = field(default_factory=dict)

    def type_name(self) -> str:
        return "one of " + ", ".join(self.values)

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "enum": [*self.values, *self.aliases]}
        if self.aliases:
            # shown by editors' YAML plugins beside each value they offer
            out["enumDescriptions"] = [
                *(f"{STATUS_LABELS_ZH.get(v, v)} · {v}" for v in self.values),
                *(f"{word} = {value}" for word, value in self.aliases.items()),
            ]
        return out


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
            props[name] = _titled(name, schema)
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


# --- what editors' YAML plugins show: a title in Chinese and English for every field -----

FIELD_TITLES: dict[str, tuple[str, str]] = {
    "aim": ("力争目标", "striven for (力争), not promised outright"),
    "aliases": ("别名", "other names"),
    "archived": ("原文存档", "archived original text"),
    "as_of": ("数据截至", "date the data is as of"),
    "base_url": ("网站地址", "public URL of the site"),
    "categories": ("分类（主要分类在前）", "themes, the primary first"),
    "category": ("分类", "theme"),
    "caveats": ("注意事项", "caveats"),
    "commitments": ("承诺事项", "commitments"),
    "comparator": ("比较方式", "comparator"),
    "contacts": ("联系渠道", "contact channels"),
    "continues": ("上一年度的同一承诺", "same commitment in an earlier plan"),
    "corrections": ("纠错渠道", "where to report an error"),
    "date": ("日期", "date"),
    "deadline": ("完成时限", "deadline"),
    "deadline_text": ("完成时限（原文）", "deadline as written"),
    "departments": ("部门", "departments"),
    "deputies_url": ("人大代表联络页面", "page for contacting people's congress deputies"),
    "description": ("说明", "description"),
    "district": ("地区", "district"),
    "document_number": ("文号", "document number"),
    "foi_url": ("政府信息公开申请页面", "freedom-of-information request page"),
    "email": ("电子邮箱", "e-mail address"),
    "exclude": ("排除的词语", "phrases in which a keyword does not count"),
    "full_name": ("全称", "full name"),
    "hotline": ("热线电话", "hotline"),
    "icp": ("ICP 备案号", "ICP licence number"),
    "police_record": ("公安备案号", "public security record number"),
    "verified": ("已核实", "year and issuer verified"),
    "year_text": ("年份（原文或说明）", "year as known, when uncertain"),
    "id": ("标识", "id"),
    "issuer": ("发布机关", "issuer"),
    "keep": ("保留的文件", "files a build keeps"),
    "keywords": ("关键词", "keywords"),
    "kind": ("来源类型", "kind of source"),
    "label": ("指标", "what is counted"),
    "language": ("语言", "language"),
    "lead": ("牵头单位", "lead departments"),
    "level": ("行政级别", "administrative level"),
    "licence": ("许可协议", "licence"),
    "mailbox_url": ("区长信箱或留言板", "mailbox or message board of the head of government"),
    "milestones": ("阶段节点", "milestones"),
    "name": ("名称", "name"),
    "name_en": ("英文名称", "English name"),
    "no": ("编号", "number"),
    "note": ("进展说明", "what was reported"),
    "notes": ("编辑说明", "editor's notes"),
    "office": ("部门类别（用于比较）", "office type for comparisons"),
    "phone": ("电话", "telephone"),
    "parent": ("上级", "parent"),
    "progress": ("进度（%）", "progress (percent)"),
    "published": ("发布日期", "published"),
    "publisher": ("发布者", "publisher"),
    "repository": ("代码仓库", "repository"),
    "retrieved": ("获取日期", "retrieved"),
    "scopes": ("集体范围", "collective scopes"),
    "section": ("计划原分类", "plan section"),
    "slug": ("网址标识", "slug"),
    "source": ("来源", "source"),
    "status": ("状态", "status"),
    "summary": ("摘要", "summary"),
    "support": ("配合单位", "supporting units"),
    "targets": ("量化目标", "targets"),
    "text": ("原文", "text"),
    "title": ("标题", "title"),
    "unit": ("单位", "unit"),
    "updates": ("进展记录", "progress reports"),
    "url": ("网址", "URL"),
    "value": ("数值", "value"),
    "website": ("网站", "website"),
    "year": ("年度", "year"),
}
# Words a field's own description cannot say in one language.
FIELD_NOTES: dict[str, str] = {
    "no": "承诺在计划里的编号，从 1 起，不能重复。YAML 1.1 的工具（如旧版 yamllint）会把键 no 读成 false；"
    "minsheng 按 YAML 1.2 读取，no 就是键名。/ The commitment's number in the plan, from 1, unique. "
    "YAML 1.1 tools read the key `no` as false; minsheng reads YAML 1.2, where it is a key.",
    "status": "状态，可写英文或中文：completed 已完成、on_track 正常推进、behind 进度滞后、"
    "not_started 未开工/未开始、adjusted 已调整、not_reported 未报告进展。/ The status, in English "
    "or in Chinese.",
}
# The Chinese word of each status, as the site shows it and content may write it.
STATUS_LABELS_ZH = {status: word for word, status in STATUS_ALIASES.items()}  # the last word wins


def _titled(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    zh, en = FIELD_TITLES[name]
    out: dict[str, Any] = {"title": f"{zh} · {en}"}
    note = FIELD_NOTES.get(name)
    described = schema.pop("description", "")
    if note:
        out["description"] = note + (f" ({described})" if described else "")
    elif described:
        out["description"] = described
    return {**out, **schema}


# --- the content files -------------------------------------------------------------------

SOURCE_REF = Obj(
    fields={
        "url": Field(Url(), description="where the text was published"),
        "title": Field(Text(max_length=500), description="title of the source"),
        "archived": Field(
            Text(max_length=300),
            description="path under content/ of the report's archived text, if archived",
        ),
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
        "aim": Field(Boolean(), description="true when the plan strives for it (力争)"),
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
        "category": Field(Slug(), description="primary theme slug (the first of categories)"),
        "categories": Field(
            ListOf(item=Slug()), description="theme slugs, primary first; suggested when absent"
        ),
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
        "verified": Field(
            Boolean(),
            description="false when the year or issuer is uncertain (say why in caveats); "
            "default true",
        ),
        "year_text": Field(
            Text(max_length=100),
            description="the year as it is known, for a plan whose year is not verified, "
            "e.g. 可能为2008—2010年",
        ),
        "deadline": Field(
            Date(), description="the deadline of every item that gives none of its own"
        ),
        "deadline_text": Field(
            Text(max_length=300),
            description="the plan's own words for that deadline, e.g. 年底前",
        ),
        "issuer": Field(Text(max_length=300)),
        "document_number": Field(Text(max_length=100)),
        "published": Field(Date()),
        "source": Field(PLAN_SOURCE),
        "summary": Field(Text()),
        "caveats": Field(StringOrList()),
        "commitments": Field(ListOf(item=COMMITMENT), required=True),
    }
)

CONTACTS = Obj(
    fields={
        "hotline": Field(Text(max_length=50), description="12345 or a local hotline"),
        "phone": Field(
            Text(max_length=50), description="an office's telephone, e.g. for 依申请公开"
        ),
        "website": Field(Url()),
        "foi_url": Field(Url(), description="政府信息公开 (依申请公开) application page"),
        "mailbox_url": Field(Url(), description="区长信箱 / 留言板"),
        "deputies_url": Field(Url(), description="人大代表联络 page"),
        "email": Field(Text(max_length=200)),
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
        "publisher": Field(Text(max_length=300), description="who runs the site"),
        "corrections": Field(
            Text(max_length=500),
            description="where to report an error: a URL, an e-mail or a postal address",
        ),
        "contacts": Field(CONTACTS, description="the last fallback of every contact box"),
        "icp": Field(
            Text(max_length=60),
            description="ICP 备案号 as issued, e.g. 京ICP备12345678号-1; shown in the footer",
        ),
        "police_record": Field(
            Text(max_length=60),
            description="公安备案号 as issued, e.g. 京公网安备11010502030143号; shown in the footer",
        ),
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
        "contacts": Field(CONTACTS, description="for departments without their own"),
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
        "office": Field(
            Text(max_length=50, min_length=1),
            description="office type compared across districts (e.g. 卫健); default: derived "
            "from the name and aliases",
        ),
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
        "exclude": Field(
            ListOf(item=Text(max_length=50)),
            description="phrases in which a keyword is not evidence for this theme",
        ),
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


# Where a site keeps the schemas (this repository and every site `minsheng new` makes), and
# which content files each describes: the plan files point at theirs in their first line.
SCHEMA_FOLDER = "docs/schema"
SCHEMA_FILES = {
    "site": "content/site.yaml",
    "districts": "content/districts.yaml",
    "departments": "content/departments.yaml",
    "categories": "content/categories.yaml",
    "plan": "content/plans/*.yaml",
}
# The first line of a plan file: yaml-language-server (VS Code's YAML plugin and others)
# reads the schema from it, relative to the file.
PLAN_SCHEMA_LINE = f"# yaml-language-server: $schema=../../{SCHEMA_FOLDER}/plan.schema.json\n"


def schema_text(name: str) -> str:
    """The schema file's text, as ``minsheng schema`` writes it."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
