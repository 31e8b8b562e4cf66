"""The run's table store: membership without reading, large whole tables let go once saved."""

from __future__ import annotations

import pandas as pd

from framing.contract import write_table
from framing.store import TableStore


def test_a_saved_table_let_go_is_read_back_when_asked_for(tmp_path):
    store = TableStore(tmp_path)
    table = pd.DataFrame({"event": ["e1", "e2"], "n_docs": [3, 1]})
    store["event_totals"] = table
    write_table(table, tmp_path, "event_totals")
    store.let_go("event_totals")
    assert (
        "event_totals" in store
        and "event_totals" not in store._whole
        and list(store) == ["event_totals"]
    )
    pd.testing.assert_frame_equal(store["event_totals"], table)
    store["event_totals"] = table.head(1)  # set again: in memory again
    assert len(store["event_totals"]) == 1 and "event_totals" in store._whole


def test_membership_reads_no_part(tmp_path, monkeypatch):
    store = TableStore(tmp_path)
    store.put_part("_scratch", 0, pd.DataFrame({"sentence_id": ["a:s1"]}))
    monkeypatch.setattr(store, "read", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    assert "_scratch" in store and "frame_hits" not in store
