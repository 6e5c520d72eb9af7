"""The one form in which text is compared: department names by the checker and the importer,
documents and queries by search (whose client applies the same steps)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    """Traditional → Simplified, one character to one character, from OpenCC's dictionary.

    Only single-character entries are used (the first candidate), so the mapping never changes
    a string's length and needs no context; empty when ``opencc`` is not installed.
    """
    try:
        import opencc
    except ImportError:
        return {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    if not path.is_file():
        return {}
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        trad, simp = parts[0], parts[1].split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[trad] = simp
    # resolve chains (a → b → c) so that applying the table once is idempotent
    for key in sorted(table):
        seen = {key}
        value = table[key]
        while value in table and value not in seen:
            seen.add(value)
            value = table[value]
        table[key] = value
    return {k: v for k, v in table.items() if k != v}


@lru_cache(maxsize=1)
def t2s_pairs() -> tuple[tuple[str, str], ...]:
    """The table as sorted pairs (the index ships those whose simplified side occurs)."""
    return tuple(sorted(t2s_table().items()))


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return {ord(k): v for k, v in t2s_table().items()}


def normalize(text: str) -> str:
    """The form text is indexed and queries are matched in.

    NFKC (full-width → half-width and compatibility forms), lower case, Traditional →
    Simplified per character, all whitespace removed. The client applies the same steps.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.translate(_translation())
    return _SPACE.sub("", folded)
