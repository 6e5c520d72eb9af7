"""How the index files write numbers and grams: base64url varints, FNV-1a shards, JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _varint(n: int) -> str:
    if n < 0:
        raise ValueError(f"cannot encode negative number {n}")
    out: list[str] = []
    while n >= 32:
        out.append(B64[32 | (n & 31)])
        n >>= 5
    out.append(B64[n])
    return "".join(out)


_SMALL = tuple(_varint(n) for n in range(4096))
_CODES = list(_SMALL)  # encode_varints([n]) for every n < len(_CODES), grown on demand


def encode_varints(numbers: Iterable[int]) -> str:
    """Non-negative integers as base64url characters: 5 data bits each, bit 6 = more follows."""
    small = _SMALL
    return "".join([small[n] if 0 <= n < 4096 else _varint(n) for n in numbers])


def encode_non_negative(numbers: list[int]) -> str:
    """encode_varints for numbers known not to be negative (a list comprehension over the
    table is about three times as fast as the checked generator)."""
    small = _SMALL
    try:
        return "".join([small[n] for n in numbers])
    except IndexError:
        return encode_varints(numbers)


def codes(upto: int) -> list[str]:
    """The table of single-number encodings, long enough to index with any n <= upto."""
    if len(_CODES) <= upto:
        _CODES.extend(_varint(n) for n in range(len(_CODES), upto + 1))
    return _CODES


def gram_hash(gram: str) -> int:
    """32-bit FNV-1a over the gram's code points (the client computes the same)."""
    h = 0x811C9DC5
    for ch in gram:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def dumps(value: object) -> bytes:
    """Compact, key-sorted JSON: the same value always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
