"""``minsheng import``: a plan draft from a plan text, or progress updates for a plan.

The command is still defined beside the importer (``generator/importer/cli.py``); it moves
here with the importer's rewrite.
"""

from __future__ import annotations

from generator.importer.cli import import_cmd

__all__ = ["import_cmd"]
