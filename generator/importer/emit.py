"""Writing a plan draft as readable YAML in the key order of docs/content.md.

Chinese is written unescaped, long texts stay on one line, department lists and targets are
short flow collections (``lead: [区人社局]``). Dates are plain ISO dates. The same YAML
settings are used to round-trip existing plans when progress updates are added, so that a
file keeps its layout and comments.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .plan import ImportedCommitment, ImportedPlan

PLAN_KEYS = ("id", "title", "district", "year", "issuer", "document_number", "published",
             "source", "summary", "caveats", "commitments")  # fmt: skip
SOURCE_KEYS = ("title", "url", "archived", "publisher", "retrieved")
COMMITMENT_KEYS = ("no", "section", "category", "categories", "title", "text", "lead", "support", "deadline",
                   "deadline_text", "milestones", "targets", "status", "updates", "continues",
                   "notes")  # fmt: skip
TARGET_KEYS = ("label", "value", "unit", "comparator", "aim", "text")
UPDATE_KEYS = ("date", "status", "progress", "note", "source")


def yaml_rt() -> YAML:
    """The round-trip YAML instance used for reading and writing plans."""
    y = YAML(typ="rt")
    y.allow_unicode = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    y.representer.add_representer(type(None), _represent_null)
    return y


def _represent_null(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _flow(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _flow_map(pairs: list[tuple[str, Any]]) -> CommentedMap:
    m = CommentedMap(pairs)
    m.fa.set_flow_style()
    return m


def commitment_map(c: ImportedCommitment) -> CommentedMap:
    """One commitment as a mapping in the documented key order."""
    m = CommentedMap()
    m["no"] = c.no
    if c.section:
        m["section"] = c.section
    if c.categories:
        m["categories"] = _flow(list(c.categories))
    if c.title:
        m["title"] = c.title
    m["text"] = c.text
    m["lead"] = _flow(list(c.lead))
    m["support"] = _flow(list(c.support))
    if c.deadline is not None and (c.deadline.resolved or c.deadline.text):
        if c.deadline.date is not None:
            m["deadline"] = c.deadline.date
        elif c.deadline.ongoing:
            m["deadline"] = None
        m["deadline_text"] = c.deadline.text
        if c.deadline.milestones:
            m["milestones"] = CommentedSeq(
                _flow_map([("date", ms.date), ("text", ms.text)]) for ms in c.deadline.milestones
            )
    if c.targets:
        m["targets"] = CommentedSeq(
            _flow_map(
                [
                    ("label", t.label),
                    ("value", t.value),
                    ("unit", t.unit),
                    ("comparator", t.comparator),
                    *([("aim", True)] if t.aim else []),
                    ("text", t.text),
                ]
            )
            for t in c.targets
        )
    return m


def plan_map(plan: ImportedPlan) -> CommentedMap:
    """A plan draft as a mapping in the documented key order."""
    m = CommentedMap()
    m["id"] = plan.id
    m["title"] = plan.title
    m["district"] = plan.district
    m["year"] = plan.year
    if plan.issuer:
        m["issuer"] = plan.issuer
    if plan.document_number:
        m["document_number"] = plan.document_number
    if plan.published:
        m["published"] = plan.published
    if plan.deadline is not None and plan.deadline.date is not None:
        m["deadline"] = plan.deadline.date
        m["deadline_text"] = plan.deadline.text
    if plan.source:
        m["source"] = CommentedMap((k, plan.source[k]) for k in SOURCE_KEYS if k in plan.source)
    m["commitments"] = CommentedSeq(commitment_map(c) for c in plan.commitments)
    return m


def dump(data: Any, header: str | None = None) -> str:
    """YAML text of ``data`` (a round-trip mapping), with an optional comment header."""
    buf = io.StringIO()
    yaml_rt().dump(data, buf)
    text = buf.getvalue()
    if header:
        comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
        text = comment + text
    return text


def plan_yaml(plan: ImportedPlan, header: str | None = None) -> str:
    """The YAML text of a plan draft."""
    return dump(plan_map(plan), header)


def load(text: str) -> Any:
    """Round-trip load of a plan's YAML text (comments and layout are kept)."""
    return yaml_rt().load(text)


def to_plain(value: Any) -> Any:
    """Plain Python data (dicts, lists, ISO date strings) of loaded YAML, for comparisons."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
