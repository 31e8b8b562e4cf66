import textwrap

import pytest

from framing.errors import ConfigError, InputError
from framing.frames import load_lexicon
from framing.frames.check import duplicate_forms
from framing.frames.lexicon import read_lexicon_file

MISSION_FRAMES = {"friendship", "sanctions_violation", "western_accusation"}
SUPPORTING = {"military_cooperation", "isolation", "denial"}


def write(tmp_path, text, name="lex.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_builtin_has_the_six_frames_in_both_languages(lexicon):
    assert set(lexicon.frame_ids) == MISSION_FRAMES | SUPPORTING
    forms = lexicon.to_frame()
    for frame in lexicon.frame_ids:
        assert set(forms.loc[forms["frame"] == frame, "language"]) == {"id", "en"}
    assert {"menuduh", "dituduh", "tuduhan"} <= set(forms.loc[forms.term == "{tuduh}", "form"])


def test_user_file_overrides_builtin_frame(tmp_path):
    path = write(
        tmp_path,
        """
        frames:
          - id: friendship
            label: Friendship (narrow)
            description: Only the word persahabatan.
            terms:
              id: [persahabatan]
        """,
    )
    lexicon = load_lexicon([path])
    assert lexicon.frames["friendship"].label == "Friendship (narrow)"
    assert [t.term for t in lexicon.frames["friendship"].terms] == ["persahabatan"]
    assert "denial" in lexicon.frame_ids
    assert any("replaces frame 'friendship'" in note for note in lexicon.overrides)


def test_extend_mode_adds_terms(tmp_path):
    path = write(
        tmp_path,
        """
        frames:
          - id: denial
            label: Denial
            description: Extra denial words.
            mode: extend
            terms:
              id: [hoaks]
        """,
    )
    terms = [t.term for t in load_lexicon([path]).frames["denial"].terms]
    assert "hoaks" in terms and "{bantah}" in terms


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            """
            frames:
              - id: f
                label: F
                description: d
                terms:
                  id:
                    - {root: tuduh, affixes: verbb}
            """,
            r"lex\.yaml, line 8, key 'frames\[0\]\.terms\.id\[0\]\.affixes': unknown paradigm",
        ),
        (
            """
            frames:
              - id: f
                label: F
                description: d
                term:
                  id: [x]
            """,
            r"line 6, key 'frames\[0\]\.term': unknown key",
        ),
        (
            """
            frames:
              - id: f
                label: F
                terms:
                  id: [x]
            """,
            r"key 'frames\[0\]\.description': missing required key",
        ),
        (
            """
            frames:
              - id: f
                label: F
                description: d
                terms:
                  id: [x, {term: y, weight: -1}]
            """,
            r"line 7, key 'frames\[0\]\.terms\.id\[1\]\.weight': weight must be a number > 0",
        ),
        ("frames: [unclosed\n", r"lex\.yaml, line \d+: not valid YAML"),
    ],
)
def test_malformed_lexicon_gives_one_line_error(tmp_path, body, expected):
    path = write(tmp_path, body)
    with pytest.raises(InputError, match=expected) as err:
        read_lexicon_file(path)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="lexicon file not found"):
        load_lexicon([tmp_path / "nope.yaml"])


def test_duplicate_forms_across_frames(tmp_path):
    path = write(
        tmp_path,
        """
        frames:
          - {id: a, label: A, description: d, terms: {id: [sanksi, rudal]}}
          - {id: b, label: B, description: d, terms: {id: [rudal]}}
        """,
    )
    dups = duplicate_forms(load_lexicon([path], include_builtin=False))
    assert dups[["form", "frames"]].values.tolist() == [["rudal", "a; b"]]


KEYED = """
    frames:
      - id: aid
        label: Aid
        description: Relief.
        key: true
        terms:
          en: [relief]
      - id: army
        label: Army
        description: Troops.
        terms:
          en: [troops]
    """


def test_builtin_marks_its_key_frames(lexicon):
    assert lexicon.key_frames() == ["sanctions_violation", "western_accusation"]
    catalog = lexicon.catalog().set_index("frame")
    assert catalog["key"].sum() == 2 and (catalog["n_terms"] > 0).all()


def test_key_frames_come_from_the_study_then_the_lexicon_then_every_frame(tmp_path):
    lexicon = load_lexicon([write(tmp_path, KEYED)], include_builtin=False)
    assert lexicon.key_frames() == ["aid"]
    assert lexicon.key_frames(["army"]) == ["army"]
    assert lexicon.select(["army"]).key_frames() == ["army"]  # no marked frame left: all
    catalog = lexicon.catalog(["army"])
    assert list(catalog.columns) == ["frame", "label", "description", "key", "n_terms"]
    assert catalog["key"].tolist() == [False, True]
    with pytest.raises(ConfigError, match="frames.key.*'navy'.*its frames are aid, army") as err:
        lexicon.catalog(["navy"])
    assert "\n" not in str(err.value)


def test_key_is_validated_and_kept_by_an_extension(tmp_path):
    bad = write(tmp_path, KEYED.replace("key: true", "key: yes please"), "bad.yaml")
    with pytest.raises(InputError, match=r"line 6, key 'frames\[0\]\.key': expected true or"):
        read_lexicon_file(bad)
    extension = write(
        tmp_path,
        """
        frames:
          - id: aid
            label: Aid
            description: More relief words.
            mode: extend
            terms:
              en: [shelter]
        """,
        "more.yaml",
    )
    lexicon = load_lexicon([write(tmp_path, KEYED), extension], include_builtin=False)
    assert lexicon.frames["aid"].key and lexicon.key_frames() == ["aid"]
