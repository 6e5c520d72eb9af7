"""The order of the package's layers, lowest first: the one place it is written down.

A module may import modules of its own layer or of lower ones, never of a higher one, and
no import cycle is allowed at all. ``tests/test_layers.py`` reads every module's imports
(those inside functions too) and fails on a violation or on a module not listed here;
the README's "Layout of the code" section lists the same order, which the test checks.

Content flows upwards through them: files are loaded and checked into the model, the
model is planned into pages, pages are rendered, open data, search and feeds are made
beside them, and the output is published; the build drives it and commands sit on top.
"""

from __future__ import annotations

LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "i18n",
        "messages",
        "reuse",
        "safety",
        "folding",
        "layers",
    ),  # foundations: no knowledge of content
    ("model", "schema"),  # the content model (frozen dataclasses) and the file schemas
    ("slips", "load"),  # editors' slips, YAML with positions
    ("validate",),  # every check, assembling the model
    # addresses, counts, charts, open-data fields, commitments' passages in their sources
    ("urls", "stats", "charts", "datafields", "passages"),
    ("contexts",),  # the typed page contexts: the theme's contract
    ("pages",),  # which pages exist and their contexts
    ("render",),  # Jinja, sanitised markdown
    ("search", "data", "feeds", "sitefiles"),  # the other generated files
    ("output",),  # the only writer of the site
    ("build", "buildcache"),  # gathers everything, then publishes; its stores kept (--cache)
    ("planfile", "progress", "importer", "serve", "scaffold"),  # editing, preview, new sites
    ("options", "commands", "cli", "__main__"),  # the command line (click lives here only)
)


def layer_of(name: str) -> int:
    """The rank of a top-level module or package of ``generator``; KeyError if unlisted."""
    for rank, names in enumerate(LAYERS):
        if name in names:
            return rank
    raise KeyError(name)
