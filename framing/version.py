"""The version of framing (one place, read by the package, the command line and run.json)."""

__version__ = "0.1.0.dev0"
