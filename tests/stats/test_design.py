"""The design the models are fitted to: events pooled when one outlet covers them or when
they are beyond the largest."""

import pandas as pd


def test_the_models_keep_the_largest_shared_events_and_say_so():
    from framing.stats.design import MAX_EVENT_LEVELS, POOLED_EVENTS, cell_design

    rows = []
    for e in range(MAX_EVENT_LEVELS + 5):  # every event covered by both outlets, sizes differ
        for outlet in ("A", "B"):
            rows += [{"outlet": outlet, "event": f"e{e:02d}", "k": 1, "n": 4, "hits": 1,
                      "tokens": 40}] * (2 + e)  # fmt: skip
    design = cell_design(pd.DataFrame(rows), "outlet", "A")
    levels = {c for c in design.X.columns if c.startswith("event[")}
    kept = set(design.cells["event"]) - {POOLED_EVENTS}
    assert len(kept) == MAX_EVENT_LEVELS and min(kept) == "e05"  # the five smallest pooled
    assert len(levels) == MAX_EVENT_LEVELS  # the largest is the reference; the pool a level
    assert any("5 smaller events" in note for note in design.notes)
