"""What a query may mean besides its exact characters: synonyms and pinyin, from the content.

- **Synonyms**: a department's canonical name and its aliases (``区人社局`` = ``人社局`` =
  ``区人力资源和社会保障局``), and a category's name and keywords. The client expands a
  query that names one of them, marks what it found that way, and links the department's
  or category's page.
- **Pinyin**: the full pinyin and the initials (``yanglao``, ``yl`` → ``养老``) of
  department names and aliases, category names and keywords, and every two-character run
  of Chinese in the titles, each key listing its most frequent words first. The client
  spells a Latin-letter query as a chain of such keys.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from pypinyin import Style, lazy_pinyin

from generator.i18n import category_name
from generator.model import Content
from generator.search.encoding import encode_varints
from generator.search.normalise import Normalizer

PINYIN_CANDIDATES = 3  # words kept per pinyin key, most frequent first
_HAN = re.compile(r"[\u3400-\u9fff]+")

Synonyms = dict[str, list[list[object]]]
"""``{"d": [[label, [forms…], department slug, districts]…], "c": [[category, label,
[forms…]]…]}``: departments with the same names and slug in several districts share one
entry, ``districts`` listing their indexes (in sorted district order) as varint gaps; forms
normalised, the canonical name first."""


def synonyms(content: Content, norm: Normalizer) -> Synonyms:
    """Departments that commitments name, then categories, in a stable order."""
    district_index = {slug: i for i, slug in enumerate(sorted(content.districts))}
    grouped: dict[tuple[str, tuple[str, ...]], tuple[str, list[str], list[int]]] = {}
    for key in sorted(content.department_roles):
        dept = content.departments.get(key)
        if dept is None:
            continue
        forms = _distinct(norm[name] for name in (dept.name, *dept.aliases))
        entry = grouped.setdefault((dept.slug, tuple(forms)), (dept.name, forms, []))
        entry[2].append(district_index[dept.district])
    departments: list[list[object]] = []
    for (slug, _), (label, forms, districts) in grouped.items():
        gaps = [
            b - a - 1 for a, b in zip([-1, *sorted(districts)], sorted(districts), strict=False)
        ]
        departments.append([label, forms, slug, encode_varints(gaps)])
    categories: list[list[object]] = []
    for slug in sorted(content.categories):
        cat = content.categories[slug]
        forms = _distinct(norm[name] for name in (cat.name, *cat.keywords))
        categories.append([slug, category_name(cat, content.site.language), forms])
    return {"d": departments, "c": categories}


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def title_bigrams(titles: Iterable[str]) -> Counter[str]:
    """How many titles contain each two-character run of Chinese (normalised titles)."""
    counts: Counter[str] = Counter()
    for title in titles:
        grams: set[str] = set()
        for run in _HAN.findall(title):
            grams.update(run[i : i + 2] for i in range(len(run) - 1))
        counts.update(grams)
    return counts


def spell(word: str) -> tuple[str, str] | None:
    """A Chinese word's full pinyin and initials, or None when it cannot be spelt."""
    if not _HAN.fullmatch(word):
        return None
    syllables = lazy_pinyin(word, errors="ignore")
    if len(syllables) != len(word):
        return None
    return "".join(syllables), "".join(s[0] for s in lazy_pinyin(word, style=Style.FIRST_LETTER))


def pinyin_keys(
    words: Counter[str], spelling: Callable[[str], tuple[str, str] | None] = spell
) -> dict[str, dict[str, list[str]]]:
    """``{"full": {pinyin: [word…]}, "initials": {letters: [word…]}}`` for Chinese words,
    each list most frequent first (then in code-point order), at most PINYIN_CANDIDATES.
    ``spelling`` is :func:`spell`, or a memo of it kept across builds."""
    full: dict[str, list[tuple[int, str]]] = {}
    initials: dict[str, list[tuple[int, str]]] = {}
    for word, count in words.items():
        spelt = spelling(word)
        if spelt is None:
            continue
        full.setdefault(spelt[0], []).append((-count, word))
        initials.setdefault(spelt[1], []).append((-count, word))

    def best(table: dict[str, list[tuple[int, str]]]) -> dict[str, list[str]]:
        return {
            key: [w for _, w in sorted(found)[:PINYIN_CANDIDATES]]
            for key, found in sorted(table.items())
        }

    return {"full": best(full), "initials": best(initials)}


def vocabulary_words(content: Content, norm: Normalizer, titles: Counter[str]) -> Counter[str]:
    """The words pinyin can spell, with their weights: names and keywords count as often
    as the titles they head, at least once."""
    words = Counter(titles)
    found = synonyms(content, norm)
    forms = [f for e in found["d"] for f in e[1]] + [f for e in found["c"] for f in e[2]]  # type: ignore[attr-defined]
    for form in forms:
        words[form] = max(words[form], 1)
    return words
