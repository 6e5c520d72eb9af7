#!/usr/bin/env python3
"""Turn a minsheng ``content/`` directory into a Hugo site with the same page set.

The Hugo site mirrors the minsheng theme page for page and at the same URLs:

- home ``/``, search ``/search/``, data ``/data/`` (+ ``/data/commitments.json``), ``404.html``
- a plan ``/plans/<id>/`` (a section) with its commitments ``/plans/<id>/<no>/``
  and its archived source text ``/plans/<id>/source/`` (+ ``/sources/<id>.txt``)
- districts ``/districts/`` and ``/districts/<slug>/`` (the ``districts`` taxonomy)
- departments ``/departments/`` and ``/districts/<slug>/departments/<dept>/`` (the
  ``departments`` taxonomy, one term per district department, every listed one rendered)
- categories ``/categories/`` and ``/categories/<slug>/`` (the ``categories`` taxonomy)

What minsheng's model derives (a commitment's status, overdue flag, category, title, and the
resolution of department aliases to their pages) is computed here and written into front
matter, as a Hugo user would do in a pre-processing step; Hugo's templates do the rest: lists,
per-status summaries, charts, markdown, dates and links. The layouts, translations and stylesheet
live beside this file in ``site/`` and are copied into the generated site.

Usage::

    benchmarks/hugo/convert.py --content /tmp/bench/content --out /tmp/bench/hugo-site
    hugo --quiet -s /tmp/bench/hugo-site -d /tmp/bench/hugo-out
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SKELETON = HERE / "site"  # layouts/, i18n/ and static/ copied into every generated site
CLOSED = {"completed", "adjusted"}


class _Loader(yaml.CSafeLoader):
    """libyaml's loader with YAML 1.2 core booleans and dates kept as text (docs/content.md)."""


_Loader.yaml_implicit_resolvers = {
    key: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for key, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load_yaml(path: Path) -> Any:
    with path.open("rb") as f:
        return yaml.load(f, Loader=_Loader)  # a CSafeLoader subclass


def front_matter(meta: dict[str, Any], body: str = "") -> str:
    """A Hugo content file with JSON front matter."""
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n\n" + body


def first_clause(text: str) -> str:
    return re.split(r"[，。；：,;:\n]", text.strip(), maxsplit=1)[0][:40] or text[:40]


class Converter:
    def __init__(self, content: Path, site: Path) -> None:
        self.content = content
        self.site = site
        self.files = 0

    def write(self, rel: str, text: str) -> None:
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.files += 1

    def run(self) -> int:
        c = self.content
        site_cfg = load_yaml(c / "site.yaml")
        districts: list[dict[str, Any]] = load_yaml(c / "districts.yaml")
        departments: dict[str, Any] = load_yaml(c / "departments.yaml") or {}
        categories: list[dict[str, Any]] = load_yaml(c / "categories.yaml")
        as_of = str(site_cfg.get("as_of") or time.strftime("%Y-%m-%d"))
        self.as_of = as_of

        # Department lookup: (district, any written name) -> (term key, canonical name, url)
        self.units: dict[tuple[str, str], tuple[str, str, str]] = {}
        self.scopes: dict[str, set[str]] = {}
        for dslug, entry in departments.items():
            self.scopes[dslug] = set(entry.get("scopes") or [])
            for dept in entry.get("departments") or []:
                slug = dept.get("slug") or re.sub(r"[^a-z0-9]+", "-", dept["name"].lower())
                key = f"{dslug}--{slug}"
                url = f"/districts/{dslug}/departments/{slug}/"
                for name in [dept["name"], *(dept.get("aliases") or [])]:
                    self.units[(dslug, name)] = (key, dept["name"], url)
        self.categories = categories
        self.category_names = {cat["slug"]: cat["name"] for cat in categories}

        if self.site.exists():
            shutil.rmtree(self.site)
        shutil.copytree(SKELETON, self.site)
        self.write("config.toml", self.config(site_cfg))
        self.write(
            "data/site.json",
            json.dumps(
                {"as_of": as_of, **{k: v for k, v in site_cfg.items() if isinstance(v, str)}},
                ensure_ascii=False,
            ),
        )
        self.write("data/districts.json", json.dumps(districts, ensure_ascii=False))
        self.write("data/categories.json", json.dumps(categories, ensure_ascii=False))
        dept_rows: dict[str, list[dict[str, str]]] = {}
        for dslug, entry in departments.items():
            for dept in entry.get("departments") or []:
                key, canonical, url = self.units[(dslug, dept["name"])]
                dept_rows.setdefault(dslug, []).append({"key": key, "name": canonical, "url": url})
        self.write("data/departments.json", json.dumps(dept_rows, ensure_ascii=False))
        self.write(
            "data/scopes.json",
            json.dumps({d: sorted(s) for d, s in self.scopes.items()}, ensure_ascii=False),
        )

        self.write("content/_index.md", front_matter({"title": site_cfg["title"]}))
        self.write(
            "content/search.md",
            front_matter({"title": "搜索", "layout": "search", "url": "/search/"}),
        )
        self.write(
            "content/data.md",
            front_matter({"title": "开放数据", "layout": "data", "url": "/data/"}),
        )
        self.write(
            "content/plans/_index.md",
            front_matter({"title": "计划", "build": {"render": "never", "list": "always"}}),
        )
        self.write("content/districts/_index.md", front_matter({"title": "地区"}))
        self.write("content/departments/_index.md", front_matter({"title": "部门"}))
        self.write("content/categories/_index.md", front_matter({"title": "类别"}))

        names = {d["slug"]: d for d in districts}
        for d in districts:
            self.write(
                f"content/districts/{d['slug']}/_index.md",
                front_matter(
                    {
                        "title": d.get("full_name") or d["name"],
                        "name": d["name"],
                        "full_name": d.get("full_name"),
                        "parent": d.get("parent"),
                        "level": d.get("level"),
                        "slug": d["slug"],
                    }
                ),
            )
        for dslug, entry in departments.items():
            dname = names.get(dslug, {}).get("name", dslug)
            for dept in entry.get("departments") or []:
                key, canonical, url = self.units[(dslug, dept["name"])]
                self.write(
                    f"content/departments/{key}/_index.md",
                    front_matter(
                        {
                            "title": f"{canonical}（{dname}）",
                            "name": canonical,
                            "url": url,
                            "district": dslug,
                            "district_name": dname,
                            "district_full_name": names.get(dslug, {}).get("full_name") or dname,
                            "aliases_written": dept.get("aliases") or [],
                            "website": dept.get("website"),
                            "foi_url": dept.get("foi_url"),
                            "hotline": dept.get("hotline"),
                            "key": key,
                        }
                    ),
                )
        for cat in categories:
            self.write(
                f"content/categories/{cat['slug']}/_index.md",
                front_matter(
                    {
                        "title": cat["name"],
                        "slug": cat["slug"],
                        "name_en": cat.get("name_en"),
                        "keywords": cat.get("keywords") or [],
                    }
                ),
            )

        plans = [load_yaml(path) for path in sorted((c / "plans").glob("*.yaml"))]
        # The reverse of ``continues``: which later commitments continue this one.
        self.continued_by: dict[str, list[str]] = {}
        for plan in plans:
            for com in plan["commitments"]:
                if com.get("continues"):
                    self.continued_by.setdefault(str(com["continues"]), []).append(
                        f"{plan['id']}/{com['no']}"
                    )
        count = 0
        for plan in plans:
            count += self.plan(plan, names[plan["district"]])
        return count

    def config(self, site_cfg: dict[str, Any]) -> str:
        title = json.dumps(site_cfg["title"], ensure_ascii=False)
        return f"""baseURL = "/"
locale = "zh-CN"
defaultContentLanguage = "zh"
title = {title}
hasCJKLanguage = true
disableKinds = ["robotsTXT"]
enableRobotsTXT = false

[taxonomies]
district = "districts"
department = "departments"
category = "categories"

[outputFormats.commitments]
mediaType = "application/json"
baseName = "commitments"
path = "data"
isPlainText = true
notAlternative = true

[outputs]
home = ["HTML", "RSS", "commitments"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]

[services.rss]
limit = 50

[markup.goldmark.renderer]
unsafe = false
"""

    def unit_links(
        self, district: str, written: Iterable[str]
    ) -> tuple[list[dict[str, Any]], list[str]]:
        links: list[dict[str, Any]] = []
        keys: list[str] = []
        scopes = self.scopes.get(district, set())
        for name in written:
            hit = self.units.get((district, name))
            if hit:
                keys.append(hit[0])
                links.append({"name": name, "url": hit[2]})
            else:
                links.append({"name": name, "scope": name in scopes})
        return links, keys

    def category_of(self, c: dict[str, Any]) -> str:
        if c.get("category"):
            return str(c["category"])
        for source in (c.get("section") or "", c.get("text") or ""):
            best, score = "", 0
            for cat in self.categories:
                s = (3 if cat["name"] in source else 0) + sum(
                    1 for k in cat.get("keywords") or [] if k in source
                )
                if s > score:
                    best, score = cat["slug"], s
            if best:
                return best
        return "other"

    def plan(self, plan: dict[str, Any], district: dict[str, Any]) -> int:
        pid = plan["id"]
        dslug = plan["district"]
        year = int(plan["year"])
        base = f"content/plans/{pid}"
        source = plan.get("source") or {}
        archived = str(source.get("archived") or "")
        has_source = bool(archived) and (self.content / archived).is_file()
        meta = {
            "title": plan["title"],
            "plan_id": pid,
            "year": year,
            "district": dslug,
            "district_name": district["name"],
            "district_full_name": district.get("full_name") or district["name"],
            "issuer": plan.get("issuer"),
            "document_number": plan.get("document_number"),
            "published": plan.get("published"),
            "source": source,
            "caveats": plan.get("caveats") or [],
            "has_source": has_source,
            "districts": [dslug],
            "count": len(plan["commitments"]),
        }
        self.write(f"{base}/_index.md", front_matter(meta, plan.get("summary") or ""))
        if has_source:
            text = (self.content / archived).read_text(encoding="utf-8")
            shutil.copyfile(self.content / archived, self._static(f"sources/{pid}.txt"))
            self.write(
                f"{base}/source.md",
                front_matter(
                    {
                        "title": f"{plan['title']}（原文）",
                        "type": "source",
                        "layout": "source",
                        "url": f"/plans/{pid}/source/",
                        "plan_id": pid,
                        "plan_title": plan["title"],
                        "district": dslug,
                        "district_name": district["name"],
                        "text": text,
                        "build": {"list": "never"},
                    }
                ),
            )
        for c in plan["commitments"]:
            self.commitment(plan, district, c)
        return len(plan["commitments"])

    def _static(self, rel: str) -> Path:
        path = self.site / "static" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files += 1
        return path

    def commitment(self, plan: dict[str, Any], district: dict[str, Any], c: dict[str, Any]) -> None:
        pid, dslug, year = plan["id"], plan["district"], int(plan["year"])
        updates = c.get("updates") or []
        status = c.get("status") or (updates[-1]["status"] if updates else "not_reported")
        implied = "deadline" not in c
        deadline = f"{year}-12-31" if implied else c.get("deadline")
        overdue = bool(deadline) and str(deadline) < self.as_of and status not in CLOSED
        progress = next(
            (u["progress"] for u in reversed(updates) if u.get("progress") is not None), None
        )
        category = self.category_of(c)
        lead, lead_keys = self.unit_links(dslug, c.get("lead") or [])
        support, support_keys = self.unit_links(dslug, c.get("support") or [])
        meta = {
            "title": c.get("title") or first_clause(c["text"]),
            "weight": int(c["no"]),
            "no": int(c["no"]),
            "plan_id": pid,
            "plan_title": plan["title"],
            "year": year,
            "district": dslug,
            "district_name": district["name"],
            "district_full_name": district.get("full_name") or district["name"],
            "section": c.get("section"),
            "category": category,
            "category_name": self.category_names.get(category, category),
            "lead": lead,
            "support": support,
            "lead_keys": lead_keys,
            "status": status,
            "overdue": overdue,
            "progress": progress,
            "deadline": deadline,
            "deadline_implied": implied,
            "deadline_text": c.get("deadline_text"),
            "milestones": c.get("milestones") or [],
            "targets": c.get("targets") or [],
            "updates": updates,
            "last_update": updates[-1]["date"] if updates else None,
            "continues": c.get("continues"),
            "continued_by": self.continued_by.get(f"{pid}/{c['no']}", []),
            "notes": c.get("notes"),
            "caveats": plan.get("caveats") or [],
            "districts": [dslug],
            "categories": [category],
            "departments": sorted(set(lead_keys + support_keys)),
        }
        self.write(f"content/plans/{pid}/{c['no']}.md", front_matter(meta, c["text"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", type=Path, required=True, help="minsheng content directory")
    ap.add_argument("--out", type=Path, required=True, help="Hugo site directory to (re)create")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    conv = Converter(args.content, args.out)
    n = conv.run()
    print(
        f"hugo site: {n} commitments, {conv.files} files in {args.out} "
        f"({time.perf_counter() - t0:.2f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
