"""The local backend: every chunk in the run's own process, one after another."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd


class Deferred:
    """A job of :meth:`LocalBackend.submit`: runs at the first :meth:`result`."""

    def __init__(self, function: Callable, args: tuple) -> None:
        self._job: tuple | None = (function, args)
        self._value: object = None
        self._error: BaseException | None = None

    def result(self) -> object:
        """The job's result (running it now, the first time); its error, every time (an
        interruption too: a job cut short never passes for done)."""
        if self._job is not None:
            function, args = self._job
            self._job = None  # lets go of the arguments
            try:
                self._value = function(*args)
            except BaseException as err:
                self._error = err
        if self._error is not None:
            raise self._error
        return self._value

    def done(self) -> bool:
        """Whether the job has run (it runs only when its result is asked for)."""
        return self._job is None

    def cancel(self) -> None:
        """Never run the job."""
        self._job = None


class LocalBackend:
    """Runs each task in this process, in order (the default; no cluster, no copies).

    The interface every backend has: :meth:`share` an object the tasks of a stage all use,
    :meth:`map` a task function over items (results in the items' order), :meth:`submit` one
    job to run beside the run's own work (``concurrent``: whether it starts at once), count
    the keys of many parts (:meth:`frequent_keys`), :meth:`describe` itself for ``run.json``,
    and :meth:`close`.
    """

    name = "local"
    workers = 1
    #: Whether a job of :meth:`submit` runs beside the run's own work (here it runs when its
    #: result is first asked for).
    concurrent = False

    def share(self, value: object) -> object:
        """``value`` itself: the tasks run here."""
        return value

    def map(self, function: Callable, items: Iterable, *shared: object) -> Iterator:
        """``function(item, *shared)`` for each item, in order, one at a time."""
        for item in items:
            yield function(item, *shared)

    def submit(self, function: Callable, *args: object) -> Deferred:
        """``function(*args)``, run here when its result is first asked for: nothing runs
        beside the run's own work, so the job's working memory comes after that work's (its
        arguments are held from now on)."""
        return Deferred(function, args)

    def frequent_keys(
        self, parts: Sequence[Path | pd.DataFrame], column: str, min_count: int
    ) -> np.ndarray:
        """The values of ``column`` found in at least ``min_count`` rows of ``parts``, sorted."""
        from framing.corpus.cleaning_repeated import repeated_keys

        arrays = [
            (pd.read_parquet(p, columns=[column]) if isinstance(p, Path) else p)[column].to_numpy(
                np.uint64
            )
            for p in parts
        ]
        return repeated_keys(arrays, min_docs=min_count)

    def describe(self) -> dict:
        """What ``run.json`` records about where the run ran."""
        return {"name": self.name, "workers": 1}

    def close(self) -> None:
        """Nothing to stop."""

    def __enter__(self) -> LocalBackend:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
