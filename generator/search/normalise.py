"""Search's view of the one matching form (:mod:`generator.folding`), memoised per build."""

from __future__ import annotations

from generator.folding import normalize, t2s_pairs

__all__ = ["Normalizer", "normalize", "t2s_pairs"]


class Normalizer(dict[str, str]):
    """normalize() memoised for one build: plan titles, district, category and unit names
    repeat in every document."""

    def __missing__(self, raw: str) -> str:
        value = self[raw] = normalize(raw)
        return value
