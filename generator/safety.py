"""Rules for untrusted text, written once: characters that may not be published, characters
that disguise text, the URLs a site may be served under.

The checker (:mod:`generator.validate`) reports content that breaks these rules at its
file:line; the output layer applies :func:`scrub_markup` to every markup and data file
anyway, so that no page, feed, sitemap or data file ever holds a character XML 1.0 forbids,
whatever reached the writers (defence in depth).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Characters no published text may hold: C0 controls (tab, line feed and carriage return
# aside), DEL, C1 controls, lone surrogates and the noncharacters U+FFFE/U+FFFF. The C0
# ones, surrogates and U+FFFE/U+FFFF are not XML 1.0 characters at all (a feed holding one
# is not XML, and feed readers drop it whole); DEL and C1 are HTML parse errors and never
# meant in a government text (they come from copying out of PDFs and old encodings).
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Invisible characters that change how text is shown: bidirectional overrides, embeddings,
# isolates and marks (they can make text read differently from what it says), and
# zero-width characters (they make equal-looking names differ).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
DISGUISING_CHARACTERS = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}]")

# The same forbidden characters as UTF-8 bytes (surrogates cannot be encoded at all), and
# the single bytes among them: :func:`scrub_markup` checks a file in three C-level scans
# (about 1 ms per MB), as every page of a large site goes through it.
_FORBIDDEN_BYTES = re.compile(
    b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]"
)
_FORBIDDEN_SINGLE = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_BYTES = re.compile(b"\xc2[\x80-\x9f]")

# Characters a base URL may hold besides letters and digits of any script: RFC 3986's
# unreserved and reserved characters and '%'. No space, quote, angle bracket or backslash:
# the base URL is written into HTML attributes, robots.txt, the sitemap and feeds.
_URL_PUNCTUATION = set("-._~:/?#[]@!$&'()*+,;=%")


def describe_character(ch: str) -> str:
    """``U+0007 (BEL)``: a character as an editor can search for it."""
    name = unicodedata.name(ch, "")
    if not name:
        name = {"\ufffe": "NONCHARACTER", "\uffff": "NONCHARACTER"}.get(ch, "")
    if not name and 0xD800 <= ord(ch) <= 0xDFFF:
        name = "LONE SURROGATE"
    if not name and unicodedata.category(ch) == "Cc":
        name = "CONTROL CHARACTER"
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def forbidden_character(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that may not be published, if any."""
    return FORBIDDEN_CHARACTERS.search(text)


def disguising_character(text: str) -> re.Match[str] | None:
    """The first invisible character of ``text`` that can disguise it, if any."""
    return DISGUISING_CHARACTERS.search(text)


def xml_text(text: str) -> str:
    """``text`` without the characters that may not be published."""
    return FORBIDDEN_CHARACTERS.sub("", text)


def scrub_markup(data: bytes) -> bytes:
    """UTF-8 markup or data without the characters that may not be published; the same
    object when it has none (the usual case, found by one scan of the bytes)."""
    if (
        len(data.translate(None, _FORBIDDEN_SINGLE)) == len(data)
        and _C1_BYTES.search(data) is None
        and b"\xef\xbf\xbe" not in data
        and b"\xef\xbf\xbf" not in data
    ):
        return data
    return _FORBIDDEN_BYTES.sub(b"", data)


def base_url_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a site's base URL, or None.

    A base URL is a path from the root of the host (``/`` or ``/minsheng/``) or an
    absolute http(s) URL with a host; its characters are those URLs are made of.
    """
    bad = next(
        (ch for ch in value if ch.isascii() and not ch.isalnum() and ch not in _URL_PUNCTUATION),
        None,
    )
    if bad is not None or not value.isprintable():
        shown = repr(bad) if bad is not None else "an invisible character"
        return f"holds {shown}, which a URL may not contain"
    if value.startswith("/"):
        if value.startswith("//"):
            return "starts with '//' (a host without a scheme)"
        return None
    parts = urlsplit(value)
    if (
        parts.scheme in ("http", "https")
        and parts.netloc
        and value.startswith(parts.scheme + "://")
    ):
        return None
    return "is neither a path starting with '/' nor an http(s) URL with a host"
