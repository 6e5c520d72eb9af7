"""One matching form for names and text: the checker, the importer and search agree."""

from __future__ import annotations

import pytest

from generator import model
from generator.folding import normalize
from generator.importer.departments import Registry
from generator.search import normalise as search_normalise

VARIANTS = ["区人社局", "区 人社局", "區人社局", "区人社局\u3000", "ＡＢ区人社局"]


@pytest.mark.parametrize("variant", VARIANTS[:4])
def test_variants_of_a_name_fold_to_one_key(variant: str) -> None:
    assert normalize(variant) == "区人社局"


def test_full_width_letters_fold_to_lower_case_ascii() -> None:
    assert normalize("ＡＢ区人社局") == "ab区人社局"


def test_checker_importer_and_search_use_the_same_function() -> None:
    # the three callers once had three normalisations that matched names differently
    assert model.normalize_name is normalize
    assert search_normalise.normalize is normalize


def test_importer_registry_knows_a_traditional_or_spaced_alias() -> None:
    registry = Registry.from_mapping(
        {"west": {"departments": [{"name": "区人社局", "aliases": ["人社局"]}]}}, "west"
    )
    assert registry.knows("區人社局")
    assert registry.knows("人 社 局")
    assert not registry.knows("区民政局")
