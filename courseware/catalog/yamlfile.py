"""YAML loading that remembers the line of every key and list item, for `path:line` messages, and checks zh-Hans texts."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from courseware.catalog.checks.typography import check_yaml_texts, zh_scalars
from courseware.catalog.problems import ProblemLog


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A list that knows its own line and the line of each item."""

    line: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


# libyaml's parser (PyYAML's C extension) when it is there: the same nodes and marks, several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    duplicate_keys: list[tuple[int, Any]]
    chinese_texts: list[yaml.ScalarNode]  # every scalar under a `zh-Hans` key, for the typography rules


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            loader.duplicate_keys.append((key_node.start_mark.line + 1, key))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
        if key == "zh-Hans":
            loader.chinese_texts.extend(zh_scalars(value_node))
    return result


def _sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList()
    result.line = node.start_mark.line + 1
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.lines.append(item.start_mark.line + 1)
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(path: Path, log: ProblemLog) -> Any:
    """Parse a YAML file; syntax errors and duplicate keys go to the log, with their line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        log.add(1, f"not UTF-8 text ({exc.reason})")
        return None
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    loader.chinese_texts = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        log.add(mark.line + 1 if mark else 1, f"invalid YAML: {getattr(exc, 'problem', exc)}")
        return None
    finally:
        loader.dispose()
    for line, key in loader.duplicate_keys:
        log.add(line, f"duplicate key '{key}'")
    check_yaml_texts(text, loader.chinese_texts, log)
    return data
