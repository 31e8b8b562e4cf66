"""Progress on stderr: a line as each stage starts, a bar with articles per second inside it.

On a terminal the bar is tqdm's; written to a file or a pipe (a log, a batch job) it is one
line when the step ends, with its count and rate, so that logs hold no carriage returns.
The command line shows progress unless ``--quiet``; the Python API shows none, unless a
:class:`Progress` is passed to :func:`framing.pipeline.run_pipeline`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Stage lines and tqdm bars on a stream (stderr), or nothing at all.

    Parameters
    ----------
    enabled : bool
        Show anything at all (``False`` for ``--quiet`` and for the Python API).
    stream : file, default sys.stderr
    """

    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr

    @classmethod
    def from_callback(cls, callback: Callable[[str], None] | None) -> Progress:
        """Stage lines to ``callback`` (no bars); silent when ``callback`` is None."""
        if callback is None:
            return cls(enabled=False)
        progress = cls(enabled=False)
        progress.message = callback  # type: ignore[method-assign]
        return progress

    def message(self, text: str) -> None:
        """One line, e.g. ``frames: match frame lexicons``."""
        if self.enabled:
            print(f"[framing] {text}", file=self.stream, flush=True)

    @contextmanager
    def bar(self, description: str, total: int | None = None, unit: str = " articles"):
        """A bar counting ``unit`` per second; ``update(n)`` after each chunk.

        Yields an object with ``update(n)``; a disabled progress yields one that does nothing.
        """
        if not self.enabled:
            yield _Silent()
            return
        if not _is_terminal(self.stream):
            line = _Line(self, description, unit)
            yield line
            line.close()
            return
        from tqdm.auto import tqdm

        with tqdm(
            total=total,
            desc=f"[framing] {description}",
            unit=unit,
            unit_scale=True,
            file=self.stream,
            leave=False,
            dynamic_ncols=True,
            mininterval=0.5,
        ) as bar:
            yield bar


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Line:
    """A bar for logs and pipes: one line when the step ends, with its rate."""

    def __init__(self, progress: Progress, description: str, unit: str) -> None:
        self.progress, self.description, self.unit = progress, description, unit
        self.n = 0
        self.started = time.perf_counter()

    def update(self, n: int = 1) -> None:
        self.n += n

    def set_postfix_str(self, text: str) -> None:
        return None

    def close(self) -> None:
        if not self.n:
            return
        seconds = time.perf_counter() - self.started
        per_second = self.n / seconds if seconds > 0 else 0.0
        digits = 0 if per_second >= 10 else 2
        rate = f", {per_second:,.{digits}f}{self.unit}/s" if seconds > 0 else ""
        self.progress.message(f"{self.description}: {self.n:,}{self.unit} in {seconds:.1f} s{rate}")


class _Silent:
    def update(self, n: int = 1) -> None:
        return None

    def set_postfix_str(self, text: str) -> None:
        return None
