"""User errors as data: every problem radoc finds in the YAML becomes a Diagnostic.

A Diagnostic is printed as ``file:line:col: severity [code] message``. Commands collect all of
them, sort them by position, print them one per line and exit 1 if any is an error. Anything
that is not a Diagnostic is a bug in radoc and keeps its traceback. `radoc check --format`
also writes them as JSON or as GitHub workflow commands (`FORMATS`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Pos:
    """A position in a source file; line and column count from 1."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    pos: Pos
    key_path: tuple[str | int, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity.value} [{self.code}] {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(code: str, message: str, pos: Pos, key_path: tuple[str | int, ...] = ()) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, pos, key_path)


def warning(code: str, message: str, pos: Pos, key_path: tuple[str | int, ...] = ()) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, pos, key_path)


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line and column, duplicates dropped, order otherwise stable."""
    seen: set[str] = set()
    unique = []
    for d in diags:
        text = str(d)
        if text not in seen:
            seen.add(text)
            unique.append(d)
    return sorted(unique, key=lambda d: (d.pos.file, d.pos.line, d.pos.col))


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, if one is close enough to be a misspelling of it."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


# Characters that end a line for a terminal, a log or str.splitlines(), written as escapes (as
# messages already quote values): one diagnostic is always one line, whatever it quotes.
_ONE_LINE = str.maketrans(
    {
        "\n": "\\n",
        "\r": "\\r",
        **{c: f"\\x{ord(c):02x}" for c in "\v\f\x1c\x1d\x1e\x85"},
        **{c: f"\\u{ord(c):04x}" for c in "\u2028\u2029"},
    }
)


def format_text(diags: Iterable[Diagnostic]) -> str:
    """One ``file:line:col: severity [code] message`` line per diagnostic."""
    return "".join(str(d).translate(_ONE_LINE) + "\n" for d in diags)


def as_json(d: Diagnostic) -> dict[str, str | int | None]:
    """The stable JSON shape of a diagnostic; line and column are null when unknown."""
    known = d.pos.line > 0
    return {
        "file": d.pos.file,
        "line": d.pos.line if known else None,
        "column": d.pos.col if known and d.pos.col > 0 else None,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
    }


def format_json(diags: Iterable[Diagnostic]) -> str:
    """A JSON array of ``{file, line, column, severity, code, message}`` objects."""
    return json.dumps([as_json(d) for d in diags], indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    # the escaping of the GitHub Actions toolkit (@actions/core, command.ts)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diags: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each diagnostic becomes an annotation on its line."""
    lines = []
    for d in diags:
        props = [f"file={_escape_property(d.pos.file)}"]
        if d.pos.line > 0:
            props.append(f"line={d.pos.line}")
            if d.pos.col > 0:
                props.append(f"col={d.pos.col}")
        props.append(f"title={_escape_property(f'radoc [{d.code}]')}")
        lines.append(f"::{d.severity.value} {','.join(props)}::{_escape_data(d.message)}\n")
    return "".join(lines)


FORMATS: dict[str, Callable[[Iterable[Diagnostic]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
