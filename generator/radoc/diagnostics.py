"""User errors as data: every problem radoc finds in the YAML becomes a Diagnostic.

A Diagnostic is printed as ``file:line:col: severity [code] message``. Commands collect all of
them, sort them by position, print them one per line and exit 1 if any is an error. Anything
that is not a Diagnostic is a bug in radoc and keeps its traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
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


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
