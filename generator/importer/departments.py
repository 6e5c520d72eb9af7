"""Responsible units of a commitment: parsing, lead/support roles, collective scopes.

Plans name units in trailing parentheses ``（区人社局）`` ``(人社局、各开发区)``, in labelled
parts (``牵头单位:…`` ``配合部门:…``) on their own lines or inside the parentheses separated
by ``;``, or in a table column. Rules:

* labelled ``牵头`` / ``主办`` / ``责任`` units lead; ``配合`` / ``协办`` / ``协同`` /
  ``共同责任`` / ``参与`` units support; where a ``牵头`` label and a ``责任单位`` label both
  appear, the ``牵头`` units lead and the ``责任单位`` units support;
* unlabelled lists: the first-listed unit leads, the rest support;
* collective scopes (``各开发区``, ``相关开发区``, ``各街道``, ``各镇（街道）``…) are never a
  lead next to a department: they go to ``support``, or to ``lead`` when they are the only
  units named;
* qualifiers such as ``党政办公室(政法)`` are part of the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.folding import normalize

from .text import fold

LEAD_LABELS = ("牵头单位", "牵头部门", "牵头", "主办单位", "主办部门", "主责单位")
RESPONSIBLE_LABELS = ("责任单位", "责任部门", "实施单位", "承办单位")
SUPPORT_LABELS = (
    "共同责任单位",
    "配合部门",
    "配合单位",
    "协办单位",
    "协办部门",
    "协同单位",
    "协同部门",
    "参与单位",
    "配合",
)
DEPARTMENT_LABELS = SUPPORT_LABELS + LEAD_LABELS + RESPONSIBLE_LABELS
_LABELS_LONGEST_FIRST = sorted(DEPARTMENT_LABELS, key=len, reverse=True)
LABEL_RE = re.compile(r"(" + "|".join(map(re.escape, _LABELS_LONGEST_FIRST)) + r")\s*[:：]")

SCOPE_RE = re.compile(r"^(各|相关|有关|全区各|区直各|区各|各级|全体)")

# Endings of unit names (after folding); used to tell a list of units from other text in
# parentheses, e.g. ``(2020年)`` or ``(幼儿园)`` inside a sentence.
UNIT_SUFFIX_RE = re.compile(
    r"(局|委|办|室|处|厅|中心|院|所|会|部|队|站|馆|集团|公司|政府|街道|镇|乡|开发区|管委会|"
    r"团区委|团委|妇联|残联|工会|科协|侨联|文联|工商联|红十字会|法院|检察院|银行|联社|协会|"
    r"分局|大队|支队|中队|小组|组|社区|单位|部门|机关|办事处|园区|新区|高新区|学校)$"
)


def is_scope(name: str) -> bool:
    """Whether ``name`` is a collective scope (``各街道``, ``相关开发区``…) by its form."""
    return bool(SCOPE_RE.match(normalize(name)))


def looks_like_unit(name: str) -> bool:
    """Whether ``name`` has the form of a unit name (or of a scope)."""
    k = re.sub(r"\([^()]*\)$", "", normalize(name))  # a qualifier does not change the form
    if not k or len(k) > 30 or k[0].isdigit():
        return False  # a quantity such as 2所 is not a unit
    suffix = UNIT_SUFFIX_RE.search(k)
    # A suffix alone (``所``) is not a name; a whole short name (``残联``, ``妇联``) is.
    return (suffix is not None and (suffix.start() > 0 or len(k) >= 2)) or is_scope(k)


def split_units(spec: str) -> list[str]:
    """Unit names of a list ``区人社局、教育局,各街道``; parentheses of qualifiers are kept.

    Names are returned folded: half-width parentheses, Simplified characters, no spaces.
    """
    text = fold(spec).text
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、,，;；/":
            names.append("".join(current))
            current = []
            continue
        current.append(ch)
    names.append("".join(current))
    cleaned = []
    for n in names:
        n = re.sub(r"\s+", "", n).strip("。.:：")
        n = re.sub(r"等$", "", n)
        if n:
            cleaned.append(n)
    return cleaned


@dataclass
class UnitGroup:
    """Units named together, with the label that introduced them (if any)."""

    label: str | None
    units: list[str]


def parse_unit_spec(spec: str) -> list[UnitGroup]:
    """Groups of a department spec such as ``牵头单位:区教育局;配合单位:各街道``."""
    folded = fold(spec).text.strip()
    groups: list[UnitGroup] = []
    matches = list(LABEL_RE.finditer(folded))
    if not matches:
        return [UnitGroup(None, split_units(folded))] if folded else []
    if matches[0].start() > 0:
        head = folded[: matches[0].start()].strip(" ;；,，")
        if head:
            groups.append(UnitGroup(None, split_units(head)))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(folded)
        groups.append(UnitGroup(m.group(1), split_units(folded[m.end() : end])))
    return groups


def _role(label: str, responsible_support: bool) -> str:
    if label in LEAD_LABELS:
        return "lead"
    if label in RESPONSIBLE_LABELS:
        return "support" if responsible_support else "lead"
    return "support"


def assign_roles(groups: Iterable[UnitGroup]) -> tuple[list[str], list[str]]:
    """Lead and support units of the groups, by the rules in the module docstring."""
    groups = [g for g in groups if g.units]
    lead: list[str] = []
    support: list[str] = []
    labelled = [g for g in groups if g.label]
    if labelled:
        responsible_support = any(g.label in LEAD_LABELS for g in labelled)
        for g in groups:
            if g.label is None:
                continue
            (lead if _role(g.label, responsible_support) == "lead" else support).extend(g.units)
        for g in groups:
            if g.label is None:
                if not lead:
                    lead.append(g.units[0])
                    support.extend(g.units[1:])
                else:
                    support.extend(g.units)
    else:
        units = [u for g in groups for u in g.units]
        departments = [u for u in units if not is_scope(u)]
        if departments:
            lead = [departments[0]]
            support = [u for u in units if u != departments[0]]
        else:
            lead = units
    if any(not is_scope(u) for u in lead):
        moved = [u for u in lead if is_scope(u)]
        lead = [u for u in lead if not is_scope(u)]
        support = support + [u for u in moved if u not in support]
    return _dedupe(lead), [u for u in _dedupe(support) if u not in lead]


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


_TRAILING_PUNCT = " \t;；,，、:："


def split_trailing_units(text: str) -> tuple[str, str | None]:
    """Split ``text（区人社局）。`` into the text and the unit spec of its trailing
    parentheses, when the parentheses hold units. Returns ``(text, None)`` otherwise.

    The returned text is the original text up to the parentheses, without the list
    punctuation (``;``) that separated it from them.
    """
    stripped = text.rstrip()
    end = len(stripped)
    while end > 0 and stripped[end - 1] in " 。.;；":
        end -= 1
    if end == 0 or stripped[end - 1] not in ")）":
        return text, None
    depth = 0
    start = -1
    for i in range(end - 1, -1, -1):
        ch = stripped[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            depth -= 1
            if depth == 0:
                start = i
                break
    if start <= 0:
        return text, None
    spec = stripped[start + 1 : end - 1]
    groups = parse_unit_spec(spec)
    units = [u for g in groups for u in g.units]
    labelled = any(g.label for g in groups)
    if not units or not (labelled or all(looks_like_unit(u) for u in units)):
        return text, None
    return stripped[:start].rstrip(_TRAILING_PUNCT), spec


def find_inline_labels(text: str) -> int | None:
    """Folded position where labelled units start inside running text (``…。牵头单位：…``)."""
    folded = fold(text)
    for m in LABEL_RE.finditer(folded.text):
        if m.start() == 0 or folded.text[m.start() - 1] in "。;；,， \n":
            return m.start()
    return None


@dataclass
class Registry:
    """Departments and scopes of one district, from ``departments.yaml``."""

    canonical: dict[str, str] = field(default_factory=dict)  # name key -> canonical name
    scopes: set[str] = field(default_factory=set)  # name keys

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None, district: str | None) -> Registry:
        """The registry of ``district`` in a loaded ``departments.yaml`` mapping."""
        registry = cls()
        if not data or not district or not isinstance(data.get(district), Mapping):
            return registry
        entry = data[district]
        for scope in entry.get("scopes") or []:
            registry.scopes.add(normalize(str(scope)))
        for dept in entry.get("departments") or []:
            if not isinstance(dept, Mapping) or "name" not in dept:
                continue
            name = str(dept["name"])
            registry.canonical[normalize(name)] = name
            for alias in dept.get("aliases") or []:
                registry.canonical[normalize(str(alias))] = name
        return registry

    def knows(self, name: str) -> bool:
        """Whether ``name`` is a canonical name, an alias or a scope of the district."""
        k = normalize(name)
        return k in self.canonical or k in self.scopes

    def is_scope(self, name: str) -> bool:
        """Whether ``name`` is a scope: listed as one, or of a scope's form."""
        return normalize(name) in self.scopes or is_scope(name)
