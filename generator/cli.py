"""The ``minsheng`` console script (``generator.cli:main`` in pyproject.toml).

The group and every command live in :mod:`generator.commands`; this module keeps the
entry point and the ``cli`` name that scripts and tests import.
"""

from __future__ import annotations

from generator.commands import cli, main

__all__ = ["cli", "main"]

if __name__ == "__main__":
    main()
