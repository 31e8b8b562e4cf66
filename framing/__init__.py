"""framing: compare how news outlets frame the same events.

The package is organised by stage, one direction only::

    corpus -> frames / attribution / topics -> stats -> viz -> report

See the README for the quick start and ``framing --help`` for the command line.
"""

__version__ = "0.1.0.dev0"
