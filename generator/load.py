"""Stage 1, load: YAML files → Documents whose every node keeps its file:line:col.

PyYAML's composer gives us nodes with marks; we turn them into plain Python values and record
the position of each value (and of each mapping key) by its key path. Duplicate keys, which
plain PyYAML silently accepts, are errors here, and so is everything that makes a file
dangerous or unreadable: bad encoding, a byte order mark, tabs, alias bombs, deep nesting,
huge files and huge strings.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Pos, error

try:  # libyaml is much faster; the pure-Python loader gives the same nodes and marks
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40
MAX_STRING = 50_000

KeyPath = tuple[str | int, ...]


@dataclass
class Document:
    """One YAML file: its value, and the position of every value and key in it."""

    file: str
    data: Any
    positions: dict[KeyPath, Pos] = field(default_factory=dict)
    key_positions: dict[KeyPath, Pos] = field(default_factory=dict)

    def pos(self, path: KeyPath = ()) -> Pos:
        """The position of the value at ``path``, or of its closest ancestor."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return Pos(self.file, 1, 1)

    def key_pos(self, path: KeyPath) -> Pos:
        """The position of the key that ends ``path`` (falls back to the value)."""
        return self.key_positions.get(path) or self.pos(path)


class _Overflow(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def _mark_pos(file: str, mark: Any) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1)


def _offset_pos(file: str, text: str, offset: int) -> Pos:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Pos(file, line, col)


class _Converter:
    def __init__(self, file: str, loader: Any) -> None:
        self.file = file
        self.loader = loader
        self.count = 0
        self.positions: dict[KeyPath, Pos] = {}
        self.key_positions: dict[KeyPath, Pos] = {}
        self.diagnostics: list[Diagnostic] = []

    def convert(self, node: Any, path: KeyPath, depth: int) -> Any:
        self.count += 1
        pos = _mark_pos(self.file, node.start_mark)
        if self.count > MAX_NODES:
            raise _Overflow(
                error(
                    "too-many-nodes",
                    f"the file expands to more than {MAX_NODES} values "
                    "(are anchors and aliases multiplying it?)",
                    pos,
                )
            )
        if depth > MAX_DEPTH:
            raise _Overflow(
                error("too-deep", f"values are nested more than {MAX_DEPTH} levels deep", pos)
            )
        self.positions[path] = pos
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, str) and len(value) > MAX_STRING:
            self.diagnostics.append(
                error(
                    "string-too-long",
                    f"a text of {len(value)} characters is longer than the limit of {MAX_STRING}",
                    pos,
                    path,
                )
            )
            return value[:MAX_STRING]
        return value

    def _mapping(self, node: Any, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Pos] = {}
        for key_node, value_node in node.value:
            key_pos = _mark_pos(self.file, key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.append(
                    error("yaml-merge", "merge keys ('<<') are not supported; write keys out", key_pos)
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(error("wrong-type", "a key must be a plain name", key_pos))
                continue
            key = self.loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in first_seen:
                first = first_seen[key]
                self.diagnostics.append(
                    error(
                        "duplicate-key",
                        f"key '{key}' appears twice in this mapping (first at line {first.line})",
                        key_pos,
                        (*path, key),
                    )
                )
                continue
            first_seen[key] = key_pos
            self.key_positions[(*path, key)] = key_pos
            result[key] = self.convert(value_node, (*path, key), depth + 1)
        return result


def load_text(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML text. Returns the document (None if unreadable) and its diagnostics."""
    tab = _tab_in_indent(text)
    if tab is not None:
        return None, [
            error("tab", "tab character in indentation; YAML indents with spaces", Pos(file, *tab))
        ]
    loader = _Loader(text)
    old_limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(old_limit, 3000))
        root = loader.get_single_node()
        if root is None:
            return None, [error("empty-file", "the file holds no YAML document", Pos(file, 1, 1))]
        converter = _Converter(file, loader)
        data = converter.convert(root, (), 0)
    except _Overflow as overflow:
        return None, [overflow.diagnostic]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _mark_pos(file, mark) if mark is not None else Pos(file, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            return None, [error("yaml-syntax", "a file holds one YAML document, found more", pos)]
        return None, [error("yaml-syntax", f"invalid YAML: {problem}", pos)]
    except yaml.YAMLError as exc:
        return None, [error("yaml-syntax", f"invalid YAML: {exc}", Pos(file, 1, 1))]
    except RecursionError:
        return None, [error("too-deep", "values are nested too deeply to read", Pos(file, 1, 1))]
    finally:
        sys.setrecursionlimit(old_limit)
        loader.dispose()
    doc = Document(file, data, converter.positions, converter.key_positions)
    return doc, converter.diagnostics


def _tab_in_indent(text: str) -> tuple[int, int] | None:
    """Line and column of the first tab in a line's leading whitespace, if any."""
    if "\t" not in text:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            return number, indent.index("\t") + 1
    return None


def load_file(path: Path, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one file; ``display`` is the name diagnostics show for it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [error("unreadable", f"cannot read the file: {exc.strerror}", Pos(display))]
    if size > MAX_FILE_BYTES:
        return None, [
            error(
                "file-too-large",
                f"the file is {size // (1024 * 1024)} MB; the limit is "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB: split it into several files",
                Pos(display, 1, 1),
            )
        ]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            error(
                "bom",
                "the file starts with a byte order mark; save it as UTF-8 without BOM",
                Pos(display, 1, 1),
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        pos = _offset_pos(display, good, len(good))
        return None, [
            error(
                "encoding",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
                pos,
            )
        ]
    if "\x00" in text:
        pos = _offset_pos(display, text, text.index("\x00"))
        return None, [error("encoding", "the file contains a NUL character", pos)]
    return load_text(text, display)
