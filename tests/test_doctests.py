"""The Examples sections of the package's docstrings run as written (doctest)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import framing

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(framing.__path__, prefix="framing.")
    if name != "framing.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[1])  # examples name repository paths
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
