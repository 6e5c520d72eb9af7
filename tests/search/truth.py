"""Search ground truth computed straight from the model, independently of generator.search.

A commitment matches a query when every space-separated term is a substring of one of its
fields after folding (NFKC, lower case, OpenCC Traditional → Simplified per character,
whitespace removed), and it passes every facet filter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from opencc import OpenCC

from generator.model import Commitment, Content

_CONVERTER = OpenCC("t2s")


@cache
def _char(ch: str) -> str:
    out = _CONVERTER.convert(ch)
    return out if len(out) == 1 else ch


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(_char(ch) for ch in text)
    return re.sub(r"\s+", "", text)


def fields(content: Content, c: Commitment) -> list[str]:
    plan = content.plans_by_id[c.plan]
    district = content.districts[plan.district]
    out = [c.title, c.text, c.section or "", *(content.categories[s].name for s in c.categories)]
    for unit in (*c.lead, *c.support):
        out.append(unit.name)
        if unit.department and (plan.district, unit.department) in content.departments:
            out.append(content.departments[(plan.district, unit.department)].name)
    out += [plan.title, district.name, district.full_name]
    return [fold(f) for f in out if f]


def facet_values(content: Content, c: Commitment) -> dict[str, set[str]]:
    plan = content.plans_by_id[c.plan]
    status = {c.status, "overdue"} if c.overdue else {c.status}
    return {
        "district": {plan.district},
        "year": {str(plan.year)},
        "category": {c.category},
        "status": status,
        "dept": {f"{plan.district}/{u.department}" for u in (*c.lead, *c.support) if u.department},
    }


class Truth:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.docs = [(c, fields(content, c), facet_values(content, c)) for c in content.commitments]

    def ids(self, q: str = "", **facets: str) -> set[str]:
        terms = [fold(t) for t in unicodedata.normalize("NFKC", q).split()]
        terms = [t for t in terms if t]
        out: set[str] = set()
        for c, values, facet in self.docs:
            if all(any(t in v for v in values) for t in terms) and all(
                value in facet[name] for name, value in facets.items() if value
            ):
                out.add(c.id)
        return out

    def title_hits(self, term: str) -> set[str]:
        t = fold(term)
        return {c.id for c, values, _ in self.docs if t in fold(c.title)}
