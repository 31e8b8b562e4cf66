"""The run's table store: membership without reading, large whole tables let go once saved."""

from __future__ import annotations

import pandas as pd
import pytest

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


def test_a_table_let_go_while_it_is_written_is_read_once_its_job_has_written_it(tmp_path):
    from framing.backends import LocalBackend

    store, table = TableStore(tmp_path), pd.DataFrame({"event": ["e1", "e2"], "n_docs": [3, 1]})
    store["event_totals"] = table
    job = LocalBackend().submit(write_table, table, tmp_path, "event_totals")  # runs when asked
    store.let_go("event_totals", writing=job)
    assert "event_totals" not in store._whole and not (tmp_path / "tables").exists()
    pd.testing.assert_frame_equal(store["event_totals"], table)  # the read waited for the job
    assert (tmp_path / "tables" / "event_totals.parquet").exists()


def test_a_failed_write_of_a_table_let_go_is_raised_when_it_is_read(tmp_path):
    from framing.backends import LocalBackend

    def fails(*args):
        raise OSError("disk full")

    store = TableStore(tmp_path)
    store["event_totals"] = pd.DataFrame({"event": ["e1"]})
    store.let_go("event_totals", writing=LocalBackend().submit(fails))
    with pytest.raises(OSError, match="disk full"):
        store["event_totals"]


def test_a_table_set_again_while_it_is_written_waits_for_the_write(tmp_path):
    from framing.backends import LocalBackend

    store, table = TableStore(tmp_path), pd.DataFrame({"event": ["e1", "e2"], "n_docs": [3, 1]})
    store["event_totals"] = table
    store.let_go("event_totals", writing=LocalBackend().submit(write_table, table, tmp_path,
                                                                "event_totals"))  # fmt: skip
    store["event_totals"] = table.head(1)  # never two writes of one file at once
    assert (tmp_path / "tables" / "event_totals.parquet").exists()
    assert not store._writing


def test_a_written_table_lets_go_of_its_job(tmp_path):
    from framing.backends import LocalBackend

    store, table = TableStore(tmp_path), pd.DataFrame({"event": ["e1"]})
    store["event_totals"] = table
    job = LocalBackend().submit(write_table, table, tmp_path, "event_totals")
    store.let_go("event_totals", writing=job)
    job.result()
    store.written("event_totals")  # the run waited for it: the job (and its copy) let go
    assert not store._writing
    pd.testing.assert_frame_equal(store["event_totals"], table)
