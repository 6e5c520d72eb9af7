"""The client's reading of the index files, in Python, for tests."""

from __future__ import annotations

from generator.search.encoding import B64

_B64_INDEX = {ch: i for i, ch in enumerate(B64)}


def decode_varints(text: str) -> list[int]:
    out: list[int] = []
    value = shift = 0
    for ch in text:
        digit = _B64_INDEX[ch]
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            out.append(value)
            value = shift = 0
    if shift:
        raise ValueError("truncated varint sequence")
    return out


def decode_bigram_postings(encoded: str) -> dict[int, tuple[list[int], int]]:
    """doc → (positions, how many of them are in the title)."""
    numbers = decode_varints(encoded)
    out: dict[int, tuple[list[int], int]] = {}
    i, doc = 0, -1
    while i < len(numbers):
        doc += numbers[i] + 1
        n_title, n_other = numbers[i + 1], numbers[i + 2]
        i += 3
        positions, last = [], -1
        for _ in range(n_title + n_other):
            last += numbers[i] + 1
            positions.append(last)
            i += 1
        out[doc] = (positions, n_title)
    return out


def decode_unigram_postings(encoded: str) -> dict[int, bool]:
    out: dict[int, bool] = {}
    doc = -1
    for n in decode_varints(encoded):
        doc += (n >> 1) + 1
        out[doc] = bool(n & 1)
    return out
