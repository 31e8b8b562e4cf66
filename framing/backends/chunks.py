"""One chunk of articles as a task: read its parts, run a stage's work on it, write what it made.

Every per-article step of a study (preparing records, segmenting, matching frames, attributing
statements, extracting event features) is a function from the tables of one chunk of articles
to new tables. :func:`run_chunk` runs such a function the same way wherever it runs: in the
process of the run (the local backend) or on a Dask worker (the Dask backend). It reads the
chunk's parts (files of the run folder, or DataFrames), runs the work, writes each table it
returns as that chunk's part of a Parquet dataset (``tables/NAME/part-00007.parquet``), and
returns only the paths, the few values the client asked for and the records that failed.

A record that makes the work raise costs that record, not the run (:func:`isolate_records`):
the chunk is split in halves until the failing records are found, the others are kept, and
each failing record comes back as a :class:`RecordFailure` that the run writes in
``manifest.json``. An error that is not a record's (the work raises on an empty chunk too, or
on every record) stops the stage as before.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.contract import concat_parts, write_part
from framing.errors import FramingError

#: A chunk's tables by name; the work's result has the same shape.
Tables = dict[str, pd.DataFrame]

#: Errors never taken as a record's: the machine's, and the toolkit's own one-line errors (a
#: strict ingest stops at the first unusable value, as asked).
NOT_A_RECORDS_ERROR = (MemoryError, FramingError)

#: The longest error text kept per failing record (the manifest stays readable).
MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class RecordFailure:
    """A record a stage raised on, left out of the stage and everything after it.

    Attributes
    ----------
    doc_id : str
        The record's document id.
    error : str
        ``"ValueError: ..."``, one line.
    """

    doc_id: str
    error: str

    @classmethod
    def of(cls, doc_id: str, err: BaseException) -> RecordFailure:
        text = " ".join(f"{type(err).__name__}: {err}".split())
        if len(text) > MAX_ERROR_CHARS:
            text = text[: MAX_ERROR_CHARS - 1] + "…"
        return cls(str(doc_id), text)


@dataclass(frozen=True)
class ChunkTask:
    """What a worker needs for one chunk: its parts, where to write, what to send back.

    Attributes
    ----------
    index : int
        The chunk's number (the part number of every table it writes).
    inputs : dict
        Table name -> the chunk's part: a Parquet file of the run folder, or a DataFrame
        (a run without a folder, or records just read).
    folder : Path, optional
        The run folder: outputs are written there as parts. Without it they are sent back.
    returned : tuple of str
        Outputs sent back to the client rather than stored as parts (a few rows per chunk,
        which a corpus-wide step collects).
    by : str
        The input whose ``doc_id`` column names the chunk's records (for isolating failures).
    """

    index: int
    inputs: Mapping[str, pd.DataFrame | Path]
    folder: Path | None = None
    returned: tuple[str, ...] = ()
    by: str = "documents"


@dataclass
class ChunkResult:
    """What came back from one chunk.

    Attributes
    ----------
    index : int
    parts : dict
        Table name -> the written part (a Path) or, without a run folder, the DataFrame.
    returned : dict
        The outputs named in :attr:`ChunkTask.returned`.
    failures : list of RecordFailure
        Records the work raised on (left out of every output).
    seconds : float
        The work's wall time on the worker.
    worker : str
        ``host:pid`` of the process that ran it.
    """

    index: int
    parts: dict[str, pd.DataFrame | Path] = field(default_factory=dict)
    returned: dict[str, object] = field(default_factory=dict)
    failures: list[RecordFailure] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""


def load_inputs(inputs: Mapping[str, pd.DataFrame | Path]) -> Tables:
    """The chunk's tables: each part read from its file (or taken as given)."""
    return {
        name: pd.read_parquet(part) if isinstance(part, Path | str) else part
        for name, part in inputs.items()
    }


def run_chunk(task: ChunkTask, work: Callable[[Tables], Tables]) -> ChunkResult:
    """Run ``work`` on one chunk and store what it returns (see the module docstring).

    The same function runs every chunk of every backend, so the local and the Dask run of a
    study write the same parts.
    """
    started = time.perf_counter()
    chunk = load_inputs(task.inputs)
    tables, failures = isolate_records(work, chunk, by=task.by)
    result = ChunkResult(index=task.index, failures=failures)
    for name, table in tables.items():
        if name in task.returned or not isinstance(table, pd.DataFrame):
            result.returned[name] = table
        elif task.folder is not None:
            result.parts[name] = write_part(table, task.folder, name, task.index)
        else:
            result.parts[name] = table.reset_index(drop=True)
    result.seconds = round(time.perf_counter() - started, 4)
    result.worker = f"{socket.gethostname()}:{os.getpid()}"
    return result


def isolate_records(
    work: Callable[[Tables], Tables], chunk: Tables, *, by: str = "documents"
) -> tuple[Tables, list[RecordFailure]]:
    """``work(chunk)``, or, if it raises, its result without the records that make it raise.

    The failing records are found by halving the chunk (each half run on its own, a half that
    raises halved again), so ``k`` bad records among ``n`` cost about ``2 k log2 n`` extra runs
    of the work on ever smaller pieces; the outputs of the halves that ran are concatenated in
    the chunk's order. Per-article work gives the same rows for a record whichever chunk it is
    in, so the records kept get the rows they would have had.

    Raises
    ------
    Exception
        The work's first error, when it is not a record's: the work also raises on the chunk
        without any record, or on every record of the chunk.
    """
    try:
        return work(chunk), []
    except NOT_A_RECORDS_ERROR:
        raise
    except Exception as first:
        ids = _record_ids(chunk, by)
        try:
            empty = work(_subset(chunk, []))
        except Exception:
            raise first from None  # not a record's error: the stage stops on it
        pieces: list[Tables] = []
        failures: list[RecordFailure] = []
        _halve(work, chunk, ids, pieces, failures)
        if len(failures) == len(ids):
            raise first from None  # every record fails: a bug of the work, not of the data
        names = list(empty)
        return {n: concat_parts([p[n] for p in pieces if n in p] or [empty[n]]) for n in names}, (
            failures
        )


def _halve(work, chunk: Tables, ids: Sequence[str], pieces: list, failures: list) -> None:
    """Run ``work`` on the records ``ids``; on an error, on each half of them (recursively)."""
    try:
        pieces.append(work(_subset(chunk, ids)))
        return
    except NOT_A_RECORDS_ERROR:
        raise
    except Exception as err:
        if len(ids) == 1:
            failures.append(RecordFailure.of(ids[0], err))
            return
    middle = len(ids) // 2
    _halve(work, chunk, ids[:middle], pieces, failures)
    _halve(work, chunk, ids[middle:], pieces, failures)


def _record_ids(chunk: Tables, by: str) -> list[str]:
    table = chunk.get(by)
    if table is None or "doc_id" not in table:
        return []
    return list(dict.fromkeys(table["doc_id"].astype(str)))


def _subset(chunk: Tables, ids: Sequence[str]) -> Tables:
    """Every table of the chunk narrowed to the records ``ids`` (tables without ids as given)."""
    wanted = set(ids)
    return {
        name: table[table["doc_id"].astype(str).isin(wanted)].reset_index(drop=True)
        if isinstance(table, pd.DataFrame) and "doc_id" in table
        else table
        for name, table in chunk.items()
    }
