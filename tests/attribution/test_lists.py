import pandas as pd
import pytest

from framing.attribution import (
    SOURCE_TYPES,
    AttributionFinder,
    find_attributions,
    load_cues,
    load_sources,
)
from framing.errors import InputError
from tests.attribution.conftest import attribute


def test_builtin_list_uses_only_known_types():
    sources = load_sources()
    assert {s.type for s in sources.sources.values()} <= set(SOURCE_TYPES)
    assert set(sources.types) == set(SOURCE_TYPES)  # every type is described


def test_cue_file_has_directions_and_languages():
    cues = load_cues()
    assert {k.direction for k in cues.kinds} == {"after", "before"}
    assert {"id", "en"} <= set(cues.hedges) and {"id", "en"} <= set(cues.negations)


def test_user_file_adds_a_type_and_overrides_a_source(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "types:\n"
        "  think_tank: research institutes\n"
        "sources:\n"
        "  - name: AFP\n"
        "    type: other_media\n"
        "    patterns: [AFP]\n"
        "    case_sensitive: true\n"
        "  - name: CSIS\n"
        "    type: think_tank\n"
        "    patterns: [CSIS, Center for Strategic and International Studies]\n",
        encoding="utf-8",
    )
    sources = load_sources([user])
    assert sources.sources["AFP"].type == "other_media"
    finder = AttributionFinder(sources=sources)
    default = attribute("According to AFP, CSIS said the satellite images were clear.")
    assert list(default["source_type"]) == ["wire_agency", "unknown"]  # built-in list only
    table = find_attributions(
        pd.DataFrame(
            {
                "doc_id": ["d"],
                "sentence_id": ["d:s1"],
                "text": ["According to AFP, CSIS said the satellite images were clear."],
            }
        ),
        finder=finder,
    )
    assert list(zip(table["source"], table["source_type"], strict=True)) == [
        ("AFP", "other_media"),
        ("CSIS", "think_tank"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "sources:\n  - name: X\n    type: spy_agency\n    patterns: [X]\n",
            "line 3.*unknown source type",
        ),
        ("sources:\n  - name: X\n    type: expert\n", "line 2.*sources\\[0\\]\\.patterns.*missing"),
        ("sources:\n  - name: X\n    type: expert\n    patterns: []\n", "line 4.*non-empty list"),
        ("sources:\n  - name: X\n    kind: expert\n", "line 3.*unknown key"),
        ("sources: [\n", "not valid YAML"),
    ],
)
def test_malformed_source_file_names_file_line_and_key(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        load_sources([path])
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_malformed_cue_file(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text(
        "kinds:\n  odd:\n    direction: sideways\n    en: [said]\nhedges: {en: [maybe]}\n"
        "negations: {en: [not]}\npronouns: {en: [he]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="line 3, key 'kinds.odd.direction'"):
        load_cues(path)


def test_builtin_sides_are_in_order_with_labels_and_known_types():
    sources = load_sources()
    assert list(sources.sides) == ["western", "russia_dprk"]
    for side in sources.sides.values():
        assert side.label and set(side.types) <= set(sources.types)


def test_a_file_with_sides_replaces_them_and_one_without_keeps_them(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "types:\n"
        "  ngo: non-governmental organisations\n"
        "sides:\n"
        "  aid: {label: aid agencies, types: [ngo, un]}\n"
        "  army: {label: the armed forces, types: [unknown]}\n",
        encoding="utf-8",
    )
    more = tmp_path / "more.yaml"
    more.write_text("sources:\n  - {name: Oxfam, type: ngo, patterns: [Oxfam]}\n", "utf-8")
    sources = load_sources([mine, more])
    assert list(sources.sides) == ["aid", "army"]
    assert sources.sides["aid"].label == "aid agencies"
    assert sources.sides["aid"].types == ("ngo", "un")
    assert sources.sources["Oxfam"].type == "ngo"
    empty = tmp_path / "empty.yaml"
    empty.write_text("sides: {}\n", encoding="utf-8")
    assert load_sources([mine, empty]).sides == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sides:\n  aid: {label: aid, types: [ngo]}\n", "line 2, key 'sides.aid.types'.*'ngo'"),
        ("sides:\n  other: {label: x, types: [un]}\n", "line 2, key 'sides.other'.*not other"),
        ("sides:\n  Aid: {label: x, types: [un]}\n", "key 'sides.Aid': expected a side id"),
        ("sides:\n  aid: {types: [un]}\n", "key 'sides.aid.label': missing"),
        ("sides:\n  aid: {label: x, types: []}\n", "key 'sides.aid.types'.*non-empty"),
        ("sides:\n  aid: {label: x, types: [un], colour: red}\n", "sides.aid.colour.*unknown key"),
        ("sides: [aid]\n", "key 'sides': expected a mapping"),
    ],
)
def test_malformed_sides_name_file_line_and_key(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        load_sources([path])
    assert str(path) in str(err.value) and "\n" not in str(err.value)
