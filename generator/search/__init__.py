"""The static search index: a positional character-bigram index in shards, built from the model.

Design and file formats are documented in ``docs/search.md``. In short:

- every commitment is one *document*; its searchable text is the normalised form
  (:func:`~generator.search.normalise.normalize`) of its title, text, section, category
  name, lead and supporting units (as written and canonical), plan title and district name,
  joined by ``"\\n"``, title first (:mod:`~generator.search.documents`);
- every character bigram of that text is indexed with its positions, so a query of any length
  is matched exactly (adjacent positions of the bigrams that cover it), with no false
  positives and nothing missed; single characters have their own document-level postings
  (:mod:`~generator.search.postings`, kept and spliced across ``serve`` rebuilds);
- postings are split into shards by a stable hash of the gram (FNV-1a over code points), so a
  query fetches only the shards of its own grams (:mod:`~generator.search.encoding`);
- the files are made by :class:`~generator.search.files.SearchIndexer`, whose
  ``build(content, links)`` returns them by path.

Everything is sorted and free of timestamps: the same content gives the same bytes.
"""

from __future__ import annotations

from generator.search.files import SearchIndexer
from generator.search.normalise import normalize

__all__ = ["SearchIndexer", "normalize"]
