"""What a long build is doing, as one line that updates in place on a terminal.

The generator never prints: it calls a `Progress` callback with a short status ("drawing 12/75
diagrams"). The command line passes a `ProgressLine`, which shows each status on the same line
of stderr when stderr is a terminal and writes nothing at all otherwise, so CI logs, pipes and
tests stay clean. Plain `mkdocs build` passes nothing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str], None]


def drawing(progress: Progress) -> Callable[[int, int], None]:
    """A `Renderer` callback that reports diagrams drawn, then that pages are generated."""

    def report(done: int, total: int) -> None:
        progress(f"drawing {done}/{total} diagrams" if done < total else "generating pages")

    return report


class ProgressLine:
    """One status line on ``stream``, rewritten in place; silent unless ``stream`` is a terminal."""

    def __init__(self, stream: TextIO, enabled: bool | None = None) -> None:
        self.stream = stream
        self.enabled = _is_terminal(stream) if enabled is None else enabled
        self._shown = 0  # characters of the current status on screen

    def __call__(self, status: str) -> None:
        if not self.enabled:
            return
        text = status[: max(1, self._columns() - 1)]  # a wrapped line could not be rewritten
        self.stream.write("\r" + text.ljust(self._shown))
        self.stream.flush()
        self._shown = len(text)

    def clear(self) -> None:
        """Erase the status, so that the next line written starts at column 0."""
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0

    def before_log(self, record: logging.LogRecord) -> bool:
        """A logging filter: a log line starts at column 0, not after the status."""
        self.clear()
        return True

    def _columns(self) -> int:
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
        return columns if columns > 0 else 80  # a terminal of unknown size reports 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, AttributeError):  # closed, or not a real file
        return False
