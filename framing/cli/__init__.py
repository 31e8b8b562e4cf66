"""The ``framing`` command line.

Each subcommand lives in its own module under :mod:`framing.cli` and exposes
``register(subparsers)``; :data:`COMMANDS` lists them in the order ``--help`` shows them.
Errors a user can act on (:class:`~framing.errors.FramingError`) are printed as one line and
exit with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from framing.errors import FramingError
from framing.version import __version__

#: Subcommand modules, in the order ``framing --help`` lists them.
COMMANDS: tuple[str, ...] = (
    "run",
    "ingest",
    "frames",
    "sources",
    "lexicon",
    "validate",
    "topics",
    "stats",
    "report",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Compare how news outlets frame the same events.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"framing.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except FramingError as err:
        saved = getattr(err, "saved_manifest", None)
        where = f" (the reason for each input: {saved})" if saved else ""
        print(f"framing: error: {err}{where}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
