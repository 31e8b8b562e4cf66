"""The Dask backend: each chunk of articles a task on a ``dask.distributed`` cluster.

The run (the client) reads the corpus, submits one task per chunk and holds the corpus-wide
steps; workers read their chunk's parts from the run folder, run the same stage code as the
local backend (:func:`framing.backends.chunks.run_chunk`) and write the parts they make. A
stage's shared objects (its lexicon, rules and source lists, inside the stage's work function)
are sent to every worker once (:meth:`DaskBackend.share`: a task whose result every chunk
task depends on, fetched once by each worker), not with each task.

Without a scheduler address a :class:`~distributed.LocalCluster` of ``workers`` processes
(one thread each: the stages are written for one core, and the GIL would serialise threads) is
started and stopped with the run. With ``scheduler="tcp://HOST:PORT"`` the run connects to a
cluster started by hand (``dask scheduler``; ``dask worker tcp://HOST:PORT`` on each machine);
its workers must have the same framing installed and see the run folder at the same path (a
shared file system), since they read and write its parts.

A worker that dies (killed, out of memory) is replaced by its nanny and the scheduler runs its
tasks again elsewhere (Dask's ``distributed.scheduler.allowed-failures``, 3 by default, before
it gives up on a task); the parts are written under a temporary name and renamed, so a task run
twice leaves one whole part.

References
----------
Rocklin, M. (2015). Dask: Parallel computation with blocked algorithms and task scheduling.
Proceedings of the 14th Python in Science Conference, 130-136.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import ConfigError, FramingError

#: Tasks in flight per worker: enough to keep each busy while the client reads the next chunk,
#: few enough that the client never holds more than a handful of chunks' records.
TASKS_PER_WORKER = 2

#: What a job of :meth:`DaskBackend.submit` (a corpus-wide step, the reuse pairs) weighs
#: against one task of a map when the next task is given a worker: a worker running one is
#: given a map's tasks only when every other worker has that many waiting.
JOB_WEIGHT = 1000

#: Seconds to wait for a scheduler given by address.
CONNECT_TIMEOUT = 20


class WorkerLost(FramingError):
    """A task's worker died more often than the scheduler allows (out of memory, killed)."""


class DaskBackend:
    """Runs tasks on a Dask cluster: a local one it starts, or one given by address.

    Parameters
    ----------
    scheduler : str, optional
        ``tcp://HOST:PORT`` of a running scheduler; default: start a LocalCluster.
    workers : int, optional
        Worker processes of the LocalCluster (default: the machine's cores). Ignored with
        ``scheduler``.
    warm : sequence of str
        Modules each worker imports as the cluster starts (those of the stages' tasks).
    scratch : Path, optional
        A folder the workers see (in the run folder) where :meth:`share` writes what it
        shares; without it, shared objects travel inside the task graph.
    """

    name = "dask"
    #: A job of :meth:`submit` starts at once on a worker, beside the run's own work.
    concurrent = True

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        warm: Sequence[str] = (),
        scratch: Path | None = None,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:  # pragma: no cover - a declared dependency
            raise ConfigError(
                "the dask backend needs dask.distributed; pip install 'dask[distributed]'"
            ) from err
        self.scheduler = scheduler
        self.cluster = None
        self.scratch = None if scratch is None else Path(scratch)
        self._files: list[Path] = []  # the shared objects written to ``scratch``
        #: This run's unfinished tasks: key -> (future, the worker it was given to, weight).
        self._given: dict[str, tuple[object, str | None, int]] = {}
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as err:
                raise ConfigError(
                    f"no Dask scheduler answered at {scheduler} ({err}); start one with "
                    "'dask scheduler' and workers with 'dask worker ADDRESS', or leave out "
                    "--scheduler to start a local cluster"
                ) from None
        else:
            import os

            import dask

            with dask.config.set(_worker_config()):
                self.cluster = LocalCluster(
                    n_workers=int(workers or os.cpu_count() or 1),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: two runs side by side do not clash
                    silence_logs=logging.ERROR,
                )
            try:
                self.client = Client(self.cluster)
            except BaseException:
                self.cluster.close()
                raise
        self._check_workers()
        # imports on each worker while the run reads the corpus (kept: a dropped future is
        # cancelled)
        self._warm = [
            self.client.submit(
                _warm_up, tuple(warm), pure=False, workers=[address], allow_other_workers=False
            )
            for address in self.client.nthreads()
        ]

    @property
    def workers(self) -> int:
        """The workers the scheduler knows now (``nthreads``: ``scheduler_info`` lists at most
        five workers in some versions of distributed)."""
        return max(1, len(self.client.nthreads()))

    def _check_workers(self) -> None:
        """Stop early when no worker is there or a worker has another framing."""
        from framing.version import __version__

        if self.scheduler:
            try:
                self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError:
                self.close()
                raise ConfigError(
                    f"the Dask scheduler at {self.scheduler} has no worker; start one with "
                    f"'dask worker {self.scheduler}'"
                ) from None
        try:
            versions = self.client.run(_framing_version)
        except Exception as err:  # a worker without framing cannot import the function
            self.close()
            raise ConfigError(
                f"a Dask worker cannot run framing ({type(err).__name__}: {err}); install "
                f"framing {__version__} in the workers' environment"
            ) from None
        other = {v for v in versions.values() if v != __version__}
        if other:
            self.close()
            raise ConfigError(
                f"Dask workers run framing {', '.join(sorted(other))}, this run "
                f"{__version__}; install the same version on every worker"
            )

    def share(self, value: object):
        """``value`` as a future that tasks take as an argument: each worker fetches it once
        and keeps it while its tasks need it."""
        # Not a scatter: scattered data has no recipe, and Dask's active memory manager keeps
        # one replica of it, so a worker that dies can take the only copy with it (its tasks
        # then fail as "forgotten"). A task's result is recomputed wherever it is lost. The
        # value travels as cloudpickle bytes: the scheduler reads a task's arguments with
        # plain pickle, which cannot rebuild a function of the user's script by reference.
        # With a scratch folder the bytes go to a file the task reads: a LocalCluster's
        # scheduler lives in the run's process and would keep them there while the tasks that
        # need them run (the article table of a million articles, during all the statistics).
        import uuid

        import cloudpickle

        blob = cloudpickle.dumps(value)
        if self.scratch is not None:
            self.scratch.mkdir(parents=True, exist_ok=True)
            path = self.scratch / f"{uuid.uuid4().hex}.pickle"
            path.write_bytes(blob)
            self._files.append(path)
            return self.client.submit(_loaded_file, str(path), pure=False)
        with _sent_once_on_purpose():
            return self.client.submit(_loaded, blob, pure=False)

    def map(self, function: Callable, items: Iterable, *shared: object) -> Iterator:
        """``function(item, *shared)`` on the workers; results in the items' order.

        Items are taken from ``items`` only as tasks finish (:data:`TASKS_PER_WORKER` per
        worker running or waiting), so a client that reads the corpus as it goes holds a few
        chunks; a finished task's result waits for the ones before it. An error of a task is
        raised here, as the local backend would raise it.
        """
        from distributed import wait

        window = max(2, TASKS_PER_WORKER * self.workers)
        pending: deque = deque()  # in the items' order; finished ones wait for their turn
        try:
            for item in items:
                pending.append(self._given_out(function, item, *shared))
                running = [f for f in pending if not f.done()]
                if len(running) >= window:  # a slow task at the head does not hold the others
                    wait(running, return_when="FIRST_COMPLETED")
                if len(pending) >= 2 * window:  # ... but the results behind it stay few
                    wait([pending[0]])
                while pending and pending[0].done():
                    yield self._taken(pending.popleft())
            while pending:
                yield self._taken(pending.popleft())
        finally:
            for future in pending:
                self._given.pop(future.key, None)
                future.cancel()

    def _given_out(self, function: Callable, *args: object, weight: int = 1):
        """``function(*args)`` submitted with the least loaded worker as a hint: the one whose
        unfinished tasks of this run (:meth:`map`'s, and :meth:`submit`'s counted as
        :data:`JOB_WEIGHT` each) weigh least.

        Left to itself, the scheduler places a task where its shared input already is while it
        expects the task to be short, so the long jobs of a stage (the families of permutation
        tests) could queue behind each other on one worker while the other waited to steal
        one; and a map's tasks would queue behind a corpus-wide job on one worker.
        """
        busy = dict.fromkeys(sorted(self.client.nthreads()), 0)
        for future, worker, load in self._given.values():
            if worker in busy and not future.done():
                busy[worker] += load
        # no worker just now (one being replaced): the scheduler waits for one
        worker = min(busy, key=busy.__getitem__) if busy else None
        with _sent_once_on_purpose():  # a job's input
            future = self.client.submit(
                function,
                *args,
                pure=False,
                workers=None if worker is None else [worker],
                allow_other_workers=True,  # a hint: a lost worker's task runs elsewhere
            )
        self._given[future.key] = (future, worker, weight)
        return future

    def _taken(self, future, chunk: bool = True) -> object:
        """The result of a task of :meth:`_given_out` (its error raised here), forgotten."""
        from distributed import KilledWorker

        self._given.pop(future.key, None)
        return _result(future, KilledWorker, chunk)

    def submit(self, function: Callable, *args: object) -> Job:
        """``function(*args)`` on a worker, started now: the run's process goes on with its
        own work and asks for the result (:meth:`Job.result`) when it needs it."""
        return Job(self, self._given_out(function, *args, weight=JOB_WEIGHT))

    def frequent_keys(
        self, parts: Sequence[Path | pd.DataFrame], column: str, min_count: int
    ) -> np.ndarray:
        """The values of ``column`` in at least ``min_count`` rows of ``parts``, sorted.

        Counted on the workers: each reads its parts and counts them, and the counts are
        combined by a tree reduction split over several output partitions (a shuffle of the
        keys by hash), so no process holds every key.
        """
        import dask.dataframe as dd

        files = [str(p) for p in parts if isinstance(p, Path)]
        frames = [p for p in parts if isinstance(p, pd.DataFrame)]
        if frames or not files:
            from framing.backends.local import LocalBackend

            return LocalBackend().frequent_keys(parts, column, min_count)
        keys = dd.read_parquet(files, columns=[column])[column]
        counts = keys.value_counts(split_out=max(1, self.workers))
        frequent = counts[counts >= min_count].index.to_series()
        values = self.client.compute(frequent).result().to_numpy(np.uint64)
        return np.sort(values)

    def describe(self) -> dict:
        """What ``run.json`` records: backend, workers, and the scheduler given (if any)."""
        threads = sorted(set(self.client.nthreads().values())) or [1]
        info = {"name": self.name, "workers": self.workers, "threads_per_worker": threads[-1]}
        info["scheduler"] = self.scheduler or "LocalCluster started by the run"
        return info

    def close(self) -> None:
        """Disconnect; stop the LocalCluster this backend started."""
        client, self.client = getattr(self, "client", None), None
        try:
            if client is not None:
                client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()
                self.cluster = None
            for path in getattr(self, "_files", ()):
                path.unlink(missing_ok=True)
            if (
                self.scratch is not None
                and self.scratch.is_dir()
                and not any(self.scratch.iterdir())
            ):
                self.scratch.rmdir()

    def __enter__(self) -> DaskBackend:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Job:
    """A job of :meth:`DaskBackend.submit`, running on a worker."""

    def __init__(self, backend: DaskBackend, future) -> None:
        self._backend, self._future = backend, future

    def result(self) -> object:
        """The job's result, once it is done; its error, raised here, if it failed."""
        return self._backend._taken(self._future, chunk=False)

    def done(self) -> bool:
        """Whether the job has finished (or failed), without waiting."""
        return self._future.done()

    def cancel(self) -> None:
        """Stop the job (a run that failed before it asked for the result)."""
        self._backend._given.pop(self._future.key, None)
        self._future.cancel()


@contextmanager
def _sent_once_on_purpose():
    """Without distributed's "Sending large graph" warning: what is submitted here (a task's
    input, sent once) is meant to travel with the task."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
        yield


def _worker_config() -> dict:
    """The Dask settings the run's LocalCluster starts its workers with (the nannies pass
    their configuration to the workers they start): the environment of
    :func:`_worker_environment`, and no statistical profiler.

    Every 10 ms a worker's profiler takes the GIL to walk the stack of the running task, for
    Dask's dashboard, which the run never reads. On the frames stage of 100,000 articles the
    chunks took 14.1 s of task time on two workers without it and 15.6 s with it (12.8 s and
    14.1 s on one; 11.8 s in the run's own process). A cluster started by hand keeps its own
    settings (``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False`` turns it off there).
    """
    return {
        "distributed.nanny.pre-spawn-environ": _worker_environment(),
        "distributed.worker.profile.enabled": False,
    }


def _worker_environment() -> dict:
    """The environment the nannies of the run's LocalCluster give their workers: Dask's own
    (one BLAS thread per worker), without its ``MALLOC_TRIM_THRESHOLD_``.

    Dask sets that threshold so that a worker hands freed memory back to the system at once.
    Setting it also turns off glibc's adjustment of the threshold above which ``malloc`` maps
    fresh pages, so every large array of a stage is mapped, faulted in and unmapped again. The
    stages allocate such arrays all the time (a batch of permutations, a chunk's shingle
    hashes): at 100,000 articles the reuse pairs took 10.7 s on a worker with Dask's setting
    and 6.4 s in the run's process, and a family of permutation tests 25.5 s against 24.3 s
    without it. A worker runs one task at a time here, so holding freed memory for the next
    task costs little. A cluster started by hand keeps its own settings.
    """
    import dask

    environment = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environment.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environment


def _loaded(blob: bytes) -> object:
    import cloudpickle

    return cloudpickle.loads(blob)


def _loaded_file(path: str) -> object:
    return _loaded(Path(path).read_bytes())


def _warm_up(modules: Sequence[str]) -> None:
    """Import ``modules``, so that a worker's first task does not wait for them."""
    import importlib

    for name in modules:
        importlib.import_module(name)


def _framing_version() -> str:
    from framing.version import __version__

    return __version__


def _result(future, killed: type[BaseException], chunk: bool = True):
    try:
        return future.result()
    except killed as err:
        advice = (
            "a chunk may need more memory than a worker has: lower corpus.chunk_size or give "
            "workers more memory"
            if chunk
            else "a corpus-wide job may need more memory than a worker has: give workers more "
            "memory (fewer --workers on this machine, or a cluster of larger workers)"
        )
        raise WorkerLost(
            f"a Dask worker died on every attempt at one task ({err}); {advice}"
        ) from None
