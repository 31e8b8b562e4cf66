"""Outlet names that differ only in case, spacing or Unicode form are one outlet."""

from __future__ import annotations

import pandas as pd

from framing.corpus.outlets import OutletNames, merge_notes, normalise_outlets, outlet_key


def test_spellings_of_one_outlet_take_the_most_frequent():
    canonical, merges = normalise_outlets(
        ["pos kupang", "Pos Kupang", "POS  KUPANG", "Pos Kupang", "VIVA", "Pos-Kupang"]
    )
    assert canonical == {
        "pos kupang": "Pos Kupang",
        "Pos Kupang": "Pos Kupang",
        "POS  KUPANG": "Pos Kupang",
        "VIVA": "VIVA",
        "Pos-Kupang": "Pos-Kupang",  # a hyphen is not spacing: another name
    }
    assert merges == [("Pos Kupang", ["pos kupang", "POS  KUPANG"])]


def test_ties_go_to_the_first_spelling_seen():
    canonical, _ = normalise_outlets(["viva", "VIVA", "Viva"])
    assert set(canonical.values()) == {"viva"}


def test_unicode_forms_are_one_outlet():
    assert outlet_key("Ｖｉｖａ") == outlet_key("viva")  # fullwidth letters (NFKC)
    assert outlet_key("Lampost\u00a0co") == outlet_key("lampost co")
    assert outlet_key("Tempo\u200b") != outlet_key("tempo")  # not a space: left as it is


def test_outlet_names_work_across_chunks():
    names = OutletNames()
    chunks = [
        pd.Series(["Pos Kupang", "VIVA", None], dtype=object),
        pd.Series(["POS KUPANG", "POS KUPANG"]),
    ]
    for chunk in chunks:
        names.observe(chunk)
    assert [names.canonical(chunk).tolist() for chunk in chunks] == [
        ["POS KUPANG", "VIVA", None],
        ["POS KUPANG", "POS KUPANG"],
    ]
    assert names.canonical(pd.Series(["pos kupang", "Tempo"])).tolist() == ["POS KUPANG", "Tempo"]
    assert names.merges() == [("POS KUPANG", ["Pos Kupang"])]


def test_merge_notes_name_every_spelling():
    (note,) = merge_notes([("VIVA", ["viva", "Viva "])])
    assert note.startswith("outlet 'VIVA' is also written 'viva', 'Viva '")
    assert merge_notes([]) == []
