"""Importing plan texts (and progress reports) into plan YAML.

``readers`` turns a .txt/.md/.docx/.pdf into text, ``text`` folds it for matching.
``structure`` reads the outline in phases: ``lines`` classifies every line, ``structure``
(numbered lines, bare numbers), ``tables`` and ``runin`` propose candidate lists, the
chooser weighs the count the text states (``numbering``); ``departments``, ``deadlines``
and ``targets`` read each item, ``plan`` assembles the draft and its summary, ``emit``
writes YAML, ``draft`` is what ``minsheng import`` does (the click command is in
``generator.commands.importing``), ``proposals`` appends unknown departments, and
``progress`` / ``updates`` read progress reports.
"""

from .plan import ImportedCommitment, ImportedPlan, build_plan

__all__ = ["ImportedCommitment", "ImportedPlan", "build_plan"]
