"""Where the per-article work of a study runs: in the run's process, or on a Dask cluster.

==========  ================================================================================
backend     what runs where
==========  ================================================================================
local       every chunk of articles in the run's process, one after another (the default)
dask        each chunk a task on ``dask.distributed`` workers (a LocalCluster the run starts,
            or a scheduler given by address); the workers write the chunk's Parquet parts
==========  ================================================================================

Both run the same stage code on the same chunks (:func:`~framing.backends.chunks.run_chunk`),
so a study gives the same tables on either; only where the work runs differs. Of the
corpus-wide steps, counting repeated paragraphs runs on the workers
(:meth:`~framing.backends.cluster.DaskBackend.frequent_keys`), reuse detection, the links of
each block of dates of the event alignment and the statistics' jobs run there as jobs
(``submit``, ``map``), as do the topic model's assignment and distributions of each slice of
units; the events' clustering and the topic model's fit run in the run's process.
"""

from __future__ import annotations

from framing.backends.chunks import ChunkResult, ChunkTask, RecordFailure, run_chunk
from framing.backends.local import LocalBackend

#: What runs on a cluster's workers with the dask backend, per stage (the report's words).
ON_WORKERS: dict[str, str] = {
    "ingest": "preparing and segmenting each chunk of records, and counting repeated "
    "paragraphs (reading, exact duplicates and outlet spellings stay in the run's process, "
    "in input order)",
    "align": "event features, declared origins and paragraph sketches of each chunk; the "
    "links between the documents of each block of dates; the reused paragraphs, one job per "
    "group of LSH bands (a group per worker but one) while the run's process builds the "
    "events, and the reuse table from their earliest matches",
    "frames": "matching the lexicon and counting each chunk's articles",
    "sources": "attributing each chunk's statements",
    "topics": "the topic distribution of each slice of units, in an online fit each slice's "
    "topic, and the words of each group of outlets (the model itself is fitted in the run's "
    "process, in one pass or, on a large corpus, batch by batch: the topics section says "
    "which)",
    "stats": "the tests, models, contrasts, keyness and change, side by side",
}


def describe(info: dict | None, stage_backends: dict | None = None) -> str:
    """One paragraph on where a run's work ran, from ``run.json``'s ``backend`` entries."""
    if not info:
        return ""
    if info.get("name") != "dask":
        return "Backend: local (every step in the run's process)."
    on_dask = [s for s, name in (stage_backends or {}).items() if name == "dask"]
    steps = "; ".join(f"{stage}: {ON_WORKERS[stage]}" for stage in on_dask if stage in ON_WORKERS)
    where = info.get("scheduler", "")
    return (
        f"Backend: Dask, {info.get('workers')} worker process(es) of "
        f"{info.get('threads_per_worker', 1)} thread(s) ({where}). "
        f"On the workers — {steps}. The events (from the links), the shares and the topic "
        "model's fit were computed in the run's process from what the workers wrote."
    )


__all__ = [
    "ChunkResult",
    "ChunkTask",
    "LocalBackend",
    "RecordFailure",
    "describe",
    "open_backend",
    "or_local",
    "run_chunk",
]


def or_local(backend):
    """``backend``, or a :class:`LocalBackend` when it is None: what a function that takes an
    optional ``backend=`` runs on."""
    return backend if backend is not None else LocalBackend()


def open_backend(
    name: str = "local",
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    warm: tuple[str, ...] = (),
    scratch=None,
):
    """The backend called ``name``, started (use it as a context manager to stop it).

    Parameters
    ----------
    name : {"local", "dask"}
    scheduler : str, optional
        ``tcp://HOST:PORT`` of a running Dask scheduler (dask only).
    workers : int, optional
        Worker processes of the LocalCluster the dask backend starts without ``scheduler``.
    warm : tuple of str
        Modules the workers import as they start (dask only).
    scratch : Path, optional
        A folder in the run folder for what is shared with the workers (dask only).
    """
    if name == "local":
        return LocalBackend()
    if name == "dask":
        from framing.backends.cluster import DaskBackend

        return DaskBackend(scheduler=scheduler, workers=workers, warm=warm, scratch=scratch)
    from framing.errors import ConfigError

    raise ConfigError(f"no backend {name!r}; give local or dask")
