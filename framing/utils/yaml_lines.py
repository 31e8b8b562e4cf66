"""YAML read with the line of every key and item, and one-line errors that name file, line, key."""

from __future__ import annotations

import yaml

from framing.errors import InputError


class LinedMap(dict):
    """A mapping that remembers the line of itself and of each key."""

    line: int = 0
    lines: dict


class LinedList(list):
    """A list that remembers the line of itself and of each item."""

    line: int = 0
    lines: list


def _construct(node: yaml.Node, where: str) -> object:
    if isinstance(node, yaml.MappingNode):
        out = LinedMap()
        out.line, out.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = _construct(key_node, where)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int | float | bool):
                raise InputError(f"{where}, line {line}: a key must be a plain word")
            if key in out:
                raise InputError(
                    f"{where}, line {line}, key '{key}': repeated in this mapping "
                    f"(first on line {out.lines[key]}); keep one"
                )
            out[key] = _construct(value_node, where)
            out.lines[key] = line
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LinedList(_construct(item, where) for item in node.value)
        out.line, out.lines = node.start_mark.line + 1, [i.start_mark.line + 1 for i in node.value]
        return out
    return yaml.constructor.SafeConstructor().construct_object(node)


def compose_with_lines(text: str, where: str) -> object:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise InputError(
            f"{where}{line}: not valid YAML ({problem}); check indentation and quoting"
        ) from None
    return None if node is None else _construct(node, where)


def read_lined_yaml(path, what: str = "file") -> tuple[object, LineChecker]:
    """Read a UTF-8 YAML file with line numbers; a one-line error if it cannot be read.

    Parameters
    ----------
    path : str or Path
    what : str
        What the file is ("lexicon file", "source list"), named in the error.

    Returns
    -------
    data, checker
        The composed document (:class:`LinedMap` / :class:`LinedList` / scalars) and a
        :class:`LineChecker` for the file.
    """
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: {what} not found; check the path") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read {what} ({err}); save it as UTF-8") from None
    return compose_with_lines(text, str(path)), LineChecker(str(path))


class LineChecker:
    """Raises one-line errors that name the file, the line and the key."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, line: int, key: str, problem: str) -> None:
        raise InputError(f"{self.where}, line {line}, key '{key}': {problem}")

    def mapping(self, value: object, line: int, key: str, allowed: set[str]) -> LinedMap:
        if not isinstance(value, LinedMap):
            self.fail(line, key, f"expected a mapping, got {type(value).__name__}")
        unknown = sorted(set(map(str, value)) - allowed)
        if unknown:
            bad = unknown[0]
            self.fail(
                value.lines.get(bad, value.line),
                f"{key}.{bad}",
                f"unknown key; allowed keys are {', '.join(sorted(allowed))}",
            )
        return value

    def text(self, value: object, line: int, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(line, key, "expected a non-empty string")
        return " ".join(value.split())

    def weight(self, value: object, line: int, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            self.fail(line, key, f"weight must be a number > 0, got {value!r}")
        return float(value)
