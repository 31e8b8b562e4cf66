"""Where a run keeps its tables: whole tables, and per-article tables in parts.

A per-article table (``documents``, ``sentences``, ``frame_hits`` …) is kept as one part per
chunk of articles, numbered alike across tables: part 3 of ``sentences`` holds the sentences of
the documents in part 3 of ``documents``. A stage that works article by article reads the parts
of one chunk at a time, so its memory depends on the chunk size, not the corpus size; a
corpus-wide step reads only the columns it needs (:meth:`TableStore.read`).

In memory (the Python API) the parts are DataFrames; in a run folder (``framing run``) they are
the files ``tables/NAME/part-00000.parquet`` (:func:`framing.contract.write_part`), written as
each chunk finishes, with a marker per finished chunk and stage so that ``--resume`` can carry
on from the last finished chunk. Whole tables (aggregates) stay in memory and the run writes
them as ``tables/NAME.parquet`` and ``.csv`` when their stage ends.

:class:`TableStore` is also a read-only mapping from table names to DataFrames (a per-article
table is concatenated on access), so code written for small corpora keeps working; code meant
for corpora of any size uses :meth:`~TableStore.parts` and :meth:`~TableStore.read` with
``columns``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from framing.contract import concat_parts, read_table, table_parts, write_part
from framing.errors import InputError


@dataclass(frozen=True)
class PartList:
    """The parts of a per-article table, read one at a time each time it is iterated.

    Unlike :meth:`TableStore.parts` (a generator) it can be iterated again and sent to another
    process: it holds the part files (or, in memory, the DataFrames) and the columns to read.
    """

    parts: tuple[pd.DataFrame | Path, ...]
    columns: tuple[str, ...] | None = None

    def __iter__(self) -> Iterator[pd.DataFrame]:
        columns = None if self.columns is None else list(self.columns)
        for part in self.parts:
            if isinstance(part, Path):
                yield pd.read_parquet(part, columns=columns)
            else:
                yield part if columns is None else part[[c for c in columns if c in part]]

    def __len__(self) -> int:
        return len(self.parts)

    def with_columns(self, columns: Sequence[str] | None) -> PartList:
        """The same parts, read with only ``columns`` (all with ``None``)."""
        return PartList(self.parts, None if columns is None else tuple(columns))


class TableStore(Mapping):
    """The tables of a run: whole tables in memory, per-article tables in numbered parts.

    Parameters
    ----------
    folder : Path, optional
        The run folder; parts are then written to ``folder/tables/NAME/`` and read back from
        there. Without it, parts stay in memory.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = None if folder is None else Path(folder)
        self._whole: dict[str, pd.DataFrame] = {}
        self._parts: dict[str, dict[int, pd.DataFrame | Path]] = {}
        self._done: dict[str, set[int]] = {}
        self._left_out: dict[str, dict[int, list[tuple[str, str]]]] = {}
        #: Whole tables let go of memory once saved in the run folder (read back when asked for).
        self._saved: set[str] = set()
        #: Of those, the ones still being written: the job that writes each (``result()``).
        self._writing: dict[str, object] = {}
        #: Names of the per-article tables written since it was last cleared.
        self.touched: set[str] = set()

    # -- the mapping view -------------------------------------------------------------------
    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self._whole:
            return self._whole[name]
        if name in self._parts:
            return self.read(name)
        if name in self._saved:
            self._wait_written(name)
            return read_table(self.folder, name)
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        # Mapping's default would read the whole table to answer
        return name in self._whole or name in self._parts or name in self._saved

    def __iter__(self) -> Iterator[str]:
        yield from self._whole
        yield from (name for name in self._parts if name not in self._whole)
        yield from (n for n in self._saved if n not in self._whole and n not in self._parts)

    def __len__(self) -> int:
        return len(set(self._whole) | set(self._parts) | self._saved)

    def copy(self) -> TableStore:
        """A store with the same tables (the tables themselves are shared, not copied)."""
        new = TableStore(self.folder)
        new._whole = dict(self._whole)
        new._parts = {name: dict(parts) for name, parts in self._parts.items()}
        new._done = {stage: set(done) for stage, done in self._done.items()}
        new._left_out = {stage: dict(chunks) for stage, chunks in self._left_out.items()}
        new._saved = set(self._saved)
        new._writing = dict(self._writing)
        return new

    # -- whole tables ------------------------------------------------------------------------
    def __setitem__(self, name: str, table: pd.DataFrame) -> None:
        self._wait_written(name)  # never two writes of one file at once
        self._parts.pop(name, None)
        self._saved.discard(name)
        self._whole[name] = table

    def let_go(self, name: str, writing=None) -> None:
        """Drop the whole table ``name`` from memory, read back from the run folder when asked
        for: for a large table (the reuse table of a million articles) that later stages need
        rarely or never. It must have been saved there (``write_table``), or be being saved
        by ``writing``, a job whose ``result()`` returns once the file is written: a read
        waits for it."""
        if self.folder is not None and name in self._whole:
            del self._whole[name]
            self._saved.add(name)
            if writing is not None:
                self._writing[name] = writing

    def written(self, name: str) -> None:
        """The job writing the table ``name`` is done (the run waited for it): let go of it."""
        self._writing.pop(name, None)

    def _wait_written(self, name: str) -> None:
        """Wait until the table ``name`` is in the run folder (its writing job's error, if
        it failed)."""
        job = self._writing.get(name)
        if job is not None:
            job.result()
            del self._writing[name]

    def update(self, tables: Mapping[str, pd.DataFrame] | Iterable = (), **more) -> None:
        """Set whole tables (as :meth:`dict.update`)."""
        for name, table in dict(tables, **more).items():
            self[name] = table

    def setdefault(self, name: str, table: pd.DataFrame) -> pd.DataFrame:
        """Set ``name`` to ``table`` unless the store has it; return what it holds."""
        if name not in self:
            self[name] = table
        return self[name]

    def pop(self, name: str, *default):
        """Remove table ``name`` (whole or parts) and return it, or ``default``."""
        if name in self._whole:
            return self._whole.pop(name)
        if name in self._saved:
            self._wait_written(name)
            self._saved.discard(name)
            return read_table(self.folder, name)
        if name in self._parts:
            table = self.read(name)
            del self._parts[name]
            return table
        if default:
            return default[0]
        raise KeyError(name)

    # -- per-article tables ------------------------------------------------------------------
    def is_parted(self, name: str) -> bool:
        """Whether ``name`` is kept in parts (a per-article table)."""
        return name in self._parts

    def put_part(self, name: str, index: int, table: pd.DataFrame) -> None:
        """Store part ``index`` of the per-article table ``name`` (written at once in a run)."""
        self._whole.pop(name, None)
        self.touched.add(name)
        parts = self._parts.setdefault(name, {})
        if self.folder is None:
            parts[index] = table.reset_index(drop=True)
        else:
            parts[index] = write_part(table, self.folder, name, index)

    def adopt_part(self, name: str, index: int, part: pd.DataFrame | Path) -> None:
        """Take part ``index`` of ``name`` as another process made it: a file it wrote in the
        run folder, or a DataFrame (stored as :meth:`put_part` would)."""
        if not isinstance(part, Path):
            self.put_part(name, index, part)
            return
        self._whole.pop(name, None)
        self.touched.add(name)
        self._parts.setdefault(name, {})[index] = part

    def part_source(self, name: str, index: int) -> pd.DataFrame | Path:
        """Part ``index`` of ``name`` as it is kept: its file in a run folder, or the DataFrame
        (what a task of another process is given to read the part itself)."""
        if name in self._whole and index == 0:
            return self._whole[name]
        try:
            return self._parts[name][index]
        except KeyError:
            raise InputError(
                f"table {name!r} has no part {index}; rerun the stage that writes it"
            ) from None

    def drop_records(self, index: int, doc_ids: Iterable[str]) -> list[str]:
        """Take the documents ``doc_ids`` out of part ``index`` of every per-article table
        (a record a stage failed on leaves the run); return the tables changed."""
        wanted = {str(d) for d in doc_ids}
        changed = []
        for name in list(self._parts):
            if index not in self._parts[name]:
                continue
            part = self.part(name, index)
            if "doc_id" not in part.columns:
                continue
            keep = ~part["doc_id"].astype(str).isin(wanted)
            if keep.all():
                continue
            touched = name in self.touched
            self.put_part(name, index, part[keep].reset_index(drop=True))
            if not touched:
                self.touched.discard(name)
            changed.append(name)
        return changed

    def attach_parts(self, name: str) -> int:
        """Adopt the part files of ``name`` already in the run folder; return how many."""
        if self.folder is None:
            return 0
        found = {_part_number(p): p for p in table_parts(self.folder, name)}
        if found:
            self._whole.pop(name, None)
            self._parts[name] = dict(sorted(found.items()))
        return len(found)

    def drop_parts(self, name: str, keep: Iterable[int] = ()) -> None:
        """Forget the parts of ``name`` (deleting their files) except those in ``keep``."""
        kept = set(keep)
        for index in list(self._parts.get(name, {})):
            if index not in kept:
                del self._parts[name][index]
        if name in self._parts and not self._parts[name]:
            del self._parts[name]
        if self.folder is not None:
            for path in table_parts(self.folder, name):
                if _part_number(path) not in kept:
                    path.unlink()
            folder = self.folder / "tables" / name
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()

    def part_numbers(self, name: str) -> list[int]:
        """The numbers of the parts of ``name``, in order (a whole table is part 0)."""
        if name in self._whole:
            return [0]
        return sorted(self._parts.get(name, {}))

    def part(self, name: str, index: int, columns: list[str] | None = None) -> pd.DataFrame:
        """Part ``index`` of ``name`` (only ``columns`` if given); a whole table is part 0."""
        part = self.part_source(name, index)
        if isinstance(part, Path):
            return pd.read_parquet(part, columns=columns)
        return part if columns is None else part[[c for c in columns if c in part.columns]]

    def parts(self, name: str, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
        """The parts of ``name`` one at a time (a whole table is one part)."""
        if name in self._whole:
            table = self._whole[name]
            yield table if columns is None else table[[c for c in columns if c in table]]
            return
        if name not in self._parts:
            raise KeyError(name)
        for index in self.part_numbers(name):
            yield self.part(name, index, columns)

    def part_list(self, name: str, columns: list[str] | None = None) -> PartList:
        """The parts of ``name`` as a :class:`PartList` (re-iterable, and portable)."""
        wanted = None if columns is None else tuple(columns)
        if name in self._whole:
            return PartList((self._whole[name],), wanted)
        if name not in self._parts:
            raise KeyError(name)
        return PartList(tuple(self._parts[name][i] for i in self.part_numbers(name)), wanted)

    def read(
        self, name: str, columns: list[str] | None = None, *, labels: Sequence[str] = ()
    ) -> pd.DataFrame:
        """Table ``name`` in one DataFrame: whole, or its parts concatenated (``columns`` only).

        Columns named in ``labels`` (outlets, frames, events: few values, many rows) are read
        as categoricals, part by part, so that their strings are never held once per row.
        """
        parts = list(self.parts(name, columns))
        wanted = [c for c in labels if parts and c in parts[0]]
        if not wanted:
            return concat_parts(parts)
        for column in wanted:  # one dtype object for all parts: categories held once
            values = set()
            for p in parts:
                values.update(str(v) for v in pd.unique(p[column].dropna()))
            dtype = pd.CategoricalDtype(sorted(values))
            parts = [p.assign(**{column: p[column].astype(dtype)}) for p in parts]
        return concat_parts(parts)

    def columns(self, name: str) -> list[str]:
        """The column names of ``name``."""
        if name in self._whole:
            return list(self._whole[name].columns)
        first = next(iter(self._parts[name].values()))
        if isinstance(first, Path):
            return list(pq.read_schema(first).names)
        return list(first.columns)

    def n_rows_of_part(self, name: str, index: int) -> int:
        """The number of rows of part ``index`` of ``name`` (0 if there is no such part)."""
        if name in self._whole:
            return len(self._whole[name]) if index == 0 else 0
        part = self._parts.get(name, {}).get(index)
        if part is None:
            return 0
        return pq.ParquetFile(part).metadata.num_rows if isinstance(part, Path) else len(part)

    # -- finished chunks ---------------------------------------------------------------------
    def mark_done(self, stage: str, index: int, left_out: Sequence[tuple[str, str]] = ()) -> None:
        """Record that ``stage`` finished chunk ``index`` (a marker file in a run folder), with
        the records it left out of the chunk (``(doc_id, error)``), so that a resumed run can
        report them again (:meth:`left_out`)."""
        if self.folder is None:
            self._done.setdefault(stage, set()).add(index)
            self._left_out.setdefault(stage, {})[index] = [tuple(f) for f in left_out]
            return
        marker = self._marker(stage, index)
        marker.parent.mkdir(parents=True, exist_ok=True)
        written = marker.with_suffix(f".{os.getpid()}.tmp")  # whole, or not there at all
        written.write_text(json.dumps([list(f) for f in left_out]), encoding="utf-8")
        os.replace(written, marker)

    def left_out(self, stage: str) -> dict[int, list[tuple[str, str]]]:
        """The records ``stage`` left out of each chunk it finished (``(doc_id, error)``)."""
        if self.folder is None:
            return {i: list(f) for i, f in self._left_out.get(stage, {}).items()}
        found = {}
        for index in sorted(self.done(stage)):
            text = self._marker(stage, index).read_text(encoding="utf-8").strip()
            found[index] = [(str(d), str(e)) for d, e in json.loads(text or "[]")]
        return found

    def done(self, stage: str) -> set[int]:
        """The chunks ``stage`` has finished."""
        if self.folder is None:
            return set(self._done.get(stage, set()))
        folder = self._marker(stage, 0).parent
        return {int(p.stem) for p in folder.glob("*.done")} if folder.is_dir() else set()

    def clear_done(self, stage: str) -> None:
        """Forget which chunks ``stage`` finished (a stage that starts afresh)."""
        self._done.pop(stage, None)
        self._left_out.pop(stage, None)
        if self.folder is not None:
            folder = self._marker(stage, 0).parent
            for marker in [*folder.glob("*.done"), *folder.glob("*.tmp")]:
                marker.unlink()
            for empty in (folder, folder.parent):  # no marker left: no folder either
                if empty.is_dir() and not any(empty.iterdir()):
                    empty.rmdir()

    def _marker(self, stage: str, index: int) -> Path:
        return self.folder / "tables" / ".done" / stage / f"{index:05d}.done"

    def n_rows(self, name: str) -> int:
        """The number of rows of ``name`` (from the Parquet metadata for parts on disk)."""
        if name in self._whole:
            return len(self._whole[name])
        total = 0
        for part in self._parts.get(name, {}).values():
            total += pq.ParquetFile(part).metadata.num_rows if isinstance(part, Path) else len(part)
        return total


def _part_number(path: Path) -> int:
    return int(path.stem.split("-")[1])
