"""Stage 1, load: YAML files → Documents whose every node keeps its file:line:col.

PyYAML's composer gives us nodes with marks; we turn them into plain Python values and record
the position of each value (and of each mapping key) by its key path. Duplicate keys, which
plain PyYAML silently accepts, are errors here, and so is everything that makes a file
dangerous or unreadable: bad encoding, a byte order mark, tabs, alias bombs, deep nesting,
huge files and huge strings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
    # what the user wrote for scalars YAML turned into something else (yes → true, 042 → 42)
    raw: dict[KeyPath, str] = field(default_factory=dict)
    # paths the loader already reported: later stages stay quiet about them
    flagged: set[KeyPath] = field(default_factory=set)
    # the file's text, to place a diagnostic inside a value (a link in a description)
    text: str = field(default="", repr=False, compare=False)
    _lines: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _marks: list[tuple[int, int]] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

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

    def is_flagged(self, path: KeyPath) -> bool:
        return any(path[: len(f)] == f for f in self.flagged)

    def pos_in_value(self, path: KeyPath, pattern: re.Pattern[str], nth: int = 0) -> Pos | None:
        """Where the ``nth`` match of ``pattern`` (its group 1 if it has one) stands in the
        source of the value at ``path``: between the value's start and the next key or value
        of the file. None when the source does not hold it (a YAML escape spelled it out)."""
        start = self.positions.get(path)
        if start is None or not self.text:
            return None
        if self._lines is None:  # computed once, and only when a diagnostic needs them
            self._lines = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
            self._marks = sorted(
                {(p.line, p.col) for p in (*self.positions.values(), *self.key_positions.values())}
            )
        lines, marks = self._lines, self._marks
        after = bisect_right(marks, (start.line, start.col))
        begin = lines[start.line - 1] + start.col - 1
        end = lines[marks[after][0] - 1] + marks[after][1] - 1 if after < len(marks) else None
        matches = pattern.finditer(self.text, begin, len(self.text) if end is None else end)
        found = next((m for i, m in enumerate(matches) if i == nth), None)
        if found is None:
            return None
        offset = found.start(1 if pattern.groups else 0)
        line = bisect_right(lines, offset)
        return Pos(self.file, line, offset - lines[line - 1] + 1)


# what ends a line for libyaml, and so for the positions it gives
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class _Stop(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def _mark_pos(file: str, mark: Any) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1)


def _offset_pos(file: str, text: str, offset: int) -> Pos:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Pos(file, line, col)


@dataclass
class _Frame:
    value: dict[str, Any] | list[Any]
    path: KeyPath
    pending_key: str | None = None  # a mapping waiting for the value of this key
    key_pos: Pos | None = None
    expect_key: bool = True
    skip_value: bool = False  # the key was rejected: drop its value
    first_seen: dict[str, Pos] = field(default_factory=dict)
    size: int = 1  # values in this subtree (for anchors)
    anchor: str | None = None


_EMPTY = object()
# the scalar types PyYAML constructs from plain text, and what to call them in a message
_TYPED_TAGS = {
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
}
# characters that a YAML escape ("\0", "\x01", "\u2028") can put into a text but that
# break Graphviz, XML or Markdown: C0 controls but tab and line feed, DEL and C1, line and
# paragraph separators, non-characters
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


class _Builder:
    """Builds values from the parser's event stream, without recursion: a file nested a
    million levels deep gets a diagnostic, not a crash of the C parser's stack."""

    def __init__(self, file: str, loader: Any) -> None:
        self.file = file
        self.loader = loader
        self.count = 0
        self.positions: dict[KeyPath, Pos] = {}
        self.key_positions: dict[KeyPath, Pos] = {}
        self.raw: dict[KeyPath, str] = {}
        self.flagged: set[KeyPath] = set()
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.result: Any = _EMPTY

    def _count(self, n: int, pos: Pos) -> None:
        self.count += n
        if self.count > MAX_NODES:
            raise _Stop(
                error(
                    "too-many-nodes",
                    f"the file expands to more than {MAX_NODES} values "
                    "(are anchors and aliases multiplying it?)",
                    pos,
                )
            )

    def build(self) -> Any:
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return _EMPTY
        loader.get_event()  # DocumentStart
        stack: list[_Frame] = []
        while not loader.check_event(yaml.DocumentEndEvent):
            event = loader.get_event()
            pos = _mark_pos(self.file, event.start_mark)
            parent = stack[-1] if stack else None
            # a mapping expecting a key: this event is the key
            if parent is not None and isinstance(parent.value, dict) and parent.expect_key:
                if isinstance(event, yaml.MappingEndEvent):
                    self._close(stack)
                    continue
                self._key(parent, event, pos, stack)
                continue
            if isinstance(event, yaml.SequenceEndEvent):
                self._close(stack)
                continue
            path = self._child_path(parent)
            tag = getattr(event, "tag", None)
            if tag is not None and not isinstance(event, yaml.AliasEvent):
                raise _Stop(
                    error(
                        "yaml-tag",
                        f"YAML tags such as '{tag}' are not supported; remove it and write the value plainly",
                        pos,
                    )
                )
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise _Stop(
                        error(
                            "yaml-syntax",
                            f"invalid YAML: alias '*{event.anchor}' names no anchor",
                            pos,
                        )
                    )
                value, size = self.anchors[event.anchor]
                self._count(size, pos)
                self.positions[path] = pos
                self._place(stack, value, size)
                continue
            self._count(1, pos)
            self.positions[path] = pos
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(
                        error(
                            "too-deep", f"values are nested more than {MAX_DEPTH} levels deep", pos
                        )
                    )
                container: dict[str, Any] | list[Any] = (
                    {} if isinstance(event, yaml.MappingStartEvent) else []
                )
                stack.append(_Frame(container, path, anchor=event.anchor))
                continue
            value = self._scalar(event, path, pos)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            self._place(stack, value, 1)
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            nxt = loader.peek_event()
            raise _Stop(
                error(
                    "yaml-syntax",
                    "a file holds one YAML document, found more",
                    _mark_pos(self.file, nxt.start_mark),
                )
            )
        return self.result

    def _child_path(self, parent: _Frame | None) -> KeyPath:
        if parent is None:
            return ()
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        assert parent.pending_key is not None
        return (*parent.path, parent.pending_key)

    def _place(self, stack: list[_Frame], value: Any, size: int) -> None:
        if not stack:
            self.result = value
            return
        parent = stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            parent.value.append(value)
        else:
            if not parent.skip_value:
                assert parent.pending_key is not None
                parent.value[parent.pending_key] = value
            parent.expect_key = True
            parent.skip_value = False

    def _close(self, stack: list[_Frame]) -> None:
        frame = stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, frame.size)
        self._place(stack, frame.value, frame.size)

    def _scalar(self, event: Any, path: KeyPath, pos: Pos) -> Any:
        tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _TYPED_TAGS:  # str, and YAML's '=' or '<<' read as plain text
            value: Any = event.value  # what the constructor would return, without its cost
        else:
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            try:
                value = self.loader.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                kind = _TYPED_TAGS[tag]
                shown = event.value if len(event.value) <= 40 else event.value[:39] + "…"
                self.diagnostics.append(
                    error(
                        "bad-value",
                        f"'{shown}' looks like {kind} but is not a valid one; put it in quotes "
                        "to keep it as text",
                        pos,
                        path,
                    )
                )
                self.flagged.add(path)
                return event.value
        if isinstance(value, str) and (bad := FORBIDDEN_CHARACTERS.search(value)):
            self.diagnostics.append(
                error(
                    "bad-character",
                    f"character U+{ord(bad.group(0)):04X} is not allowed in a text; remove it",
                    pos,
                    path,
                )
            )
            self.flagged.add(path)
            return FORBIDDEN_CHARACTERS.sub(" ", value)
        if not isinstance(value, str):
            self.raw[path] = event.value
        elif len(value) > MAX_STRING:
            self.diagnostics.append(
                error(
                    "string-too-long",
                    f"a text of {len(value)} characters is longer than the limit of {MAX_STRING}",
                    pos,
                    path,
                )
            )
            self.flagged.add(path)
            return value[:MAX_STRING]
        return value

    def _key(self, frame: _Frame, event: Any, pos: Pos, stack: list[_Frame]) -> None:
        frame.expect_key = False
        anchored = (
            self.anchors.get(str(event.anchor)) if isinstance(event, yaml.AliasEvent) else None
        )
        if anchored is not None and isinstance(anchored[0], str):  # an alias used as a key
            event = yaml.ScalarEvent(None, None, (True, False), anchored[0])
        elif isinstance(event, yaml.ScalarEvent) and event.anchor:
            self.anchors[event.anchor] = (event.value, 1)
        if not isinstance(event, yaml.ScalarEvent):
            self.diagnostics.append(
                error("wrong-type", "a key must be a plain name", pos, frame.path)
            )
            self.flagged.add(frame.path)
            frame.skip_value = True
            frame.pending_key = f"<key at line {pos.line}>"
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self._skip_collection(event)
            return
        tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == "tag:yaml.org,2002:merge":
            self.diagnostics.append(
                error(
                    "yaml-merge",
                    "merge keys ('<<') are not supported; write the keys out",
                    pos,
                    frame.path,
                )
            )
            self.flagged.add(frame.path)
            frame.skip_value = True
            frame.pending_key = "<<"
            return
        key = event.value
        if key in frame.first_seen:
            first = frame.first_seen[key]
            self.diagnostics.append(
                error(
                    "duplicate-key",
                    f"key '{key}' appears twice in this mapping (first at line {first.line})",
                    pos,
                    (*frame.path, key),
                )
            )
            frame.skip_value = True
        else:
            frame.first_seen[key] = pos
            self.key_positions[(*frame.path, key)] = pos
        frame.pending_key = key

    def _skip_collection(self, start: Any) -> None:
        depth = 1
        while depth:
            event = self.loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1


def load_text(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML text. Returns the document (None if unreadable) and its diagnostics."""
    tab = _tab_in_indent(text)
    if tab is not None:
        return None, [
            error("tab", "tab character in indentation; YAML indents with spaces", Pos(file, *tab))
        ]
    loader = _Loader(text)
    builder = _Builder(file, loader)
    try:
        data = builder.build()
    except _Stop as stop:
        return None, [stop.diagnostic]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(file, exc)]
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [
            error(
                "bad-character",
                f"character U+{code:04X} is not allowed in YAML ({exc.reason}); remove it",
                # libyaml counts bytes of UTF-8; positions here count characters
                _offset_pos(
                    file, text, len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
                ),
            )
        ]
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "unreadable"
        return None, [error("yaml-syntax", f"invalid YAML: {first_line}", Pos(file, 1, 1))]
    finally:
        loader.dispose()
    if data is _EMPTY:
        return None, [error("empty-file", "the file holds no YAML document", Pos(file, 1, 1))]
    doc = Document(
        file, data, builder.positions, builder.key_positions, builder.raw, builder.flagged, text
    )
    return doc, builder.diagnostics


_OPENERS = {
    "while parsing a flow sequence": "'['",
    "while parsing a flow mapping": "'{'",
    "while scanning a quoted scalar": "quote",
}


def _syntax_error(file: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    problem = exc.problem or exc.context or "invalid YAML"
    where = exc.problem_mark or exc.context_mark
    opener = _OPENERS.get(exc.context or "")
    if opener and exc.context_mark is not None and exc.problem_mark is not None:
        # point at what was opened and never closed, not where the parser gave up
        gave_up = _mark_pos(file, exc.problem_mark)
        return error(
            "yaml-syntax",
            f"invalid YAML: this {opener} is never closed ({problem} at line {gave_up.line}, column {gave_up.col})",
            _mark_pos(file, exc.context_mark),
        )
    pos = _mark_pos(file, where) if where is not None else Pos(file, 1, 1)
    if problem == "exceeded maximum nesting depth":  # libyaml's own limit (PyYAML >= 6.0.4)
        return error("too-deep", f"values are nested more than {MAX_DEPTH} levels deep", pos)
    return error("yaml-syntax", f"invalid YAML: {problem}", pos)


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
