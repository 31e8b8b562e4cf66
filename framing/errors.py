"""User-facing errors.

Every error the toolkit raises on bad input is a :class:`FramingError`: one line that names the
input, the problem and the fix. The command line prints it as ``framing: error: ...`` and exits
with status 2, never with a traceback.
"""

from __future__ import annotations


class FramingError(Exception):
    """An error a user can act on (bad input, bad configuration, missing optional dependency).

    The message is a single line: what input, what is wrong with it, and how to fix it.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


class InputError(FramingError):
    """A corpus, metadata, lexicon or table file that cannot be used as given."""


class NoDocumentsError(InputError):
    """Every input was skipped; :attr:`manifest` still says why, record by record."""

    def __init__(self, message: str, manifest: list[dict]) -> None:
        super().__init__(message)
        self.manifest = manifest


class ConfigError(FramingError):
    """A study configuration or command-line option that cannot be used as given."""
