"""``minsheng update``: record a progress report of one commitment in its plan file."""

from __future__ import annotations

from generator.progress import update_cmd

__all__ = ["update_cmd"]
