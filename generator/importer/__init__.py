"""Importing plan texts (and progress reports) into plan YAML.

``readers`` turns a .txt/.md/.docx/.pdf into text, ``text`` folds it for matching,
``structure`` finds the preamble, sections and numbered items, ``departments``,
``deadlines`` and ``targets`` read each item, ``plan`` assembles the draft and its summary,
``emit`` writes YAML, ``progress`` reads progress reports, and ``cli`` is the
``minsheng import`` command.
"""

from .plan import ImportedCommitment, ImportedPlan, build_plan

__all__ = ["ImportedCommitment", "ImportedPlan", "build_plan"]
