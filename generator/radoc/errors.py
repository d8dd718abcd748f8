"""The one error tree. A `RadocError` is something the user can act on: the CLI and the MkDocs
plugin each turn it into one line (and the CLI into its exit code) in exactly one place.
Anything that is not a RadocError is a bug in radoc and keeps its traceback.

Exit codes of the `radoc` command:

- 1: the user has something to fix: the architecture (diagnostics), a folder radoc will not
  touch, the environment (a missing program, permissions, a full disk, a busy port);
- 2: the command line itself is wrong (unknown option or value);
- 3: a program radoc runs failed on input radoc gave it (Graphviz crashed, MkDocs failed for a
  reason radoc cannot name): worth a bug report, with the message;
- 70: a bug in radoc (the traceback is printed).
"""

from __future__ import annotations

import errno
from pathlib import Path

from .diagnostics import Diagnostic

USER_ERROR = 1
TOOL_FAILURE = 3
BUG = 70


class RadocError(Exception):
    """A problem the user can act on, told in one line."""

    exit_code = USER_ERROR


class DiagnosticsError(RadocError):
    """The architecture has errors; carries every diagnostic (printed one per line)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        errors = sum(d.is_error for d in diagnostics)
        super().__init__(f"the architecture has {errors} error(s)")
        self.diagnostics = diagnostics


class NotOwned(RadocError):
    """A folder or file radoc would write holds something radoc did not write."""


class EnvironmentProblem(RadocError):
    """Something outside the architecture stops radoc: a program, a folder, the disk, a port."""


class ConfigProblem(RadocError):
    """The MkDocs configuration asks radoc for something it cannot do (a stray nav placeholder)."""


class MissingExtra(EnvironmentProblem):
    """A feature needs an optional part of radoc that is not installed (``radoc[icons]``)."""


class ToolFailure(RadocError):
    """A program radoc runs failed on input radoc gave it."""

    exit_code = TOOL_FAILURE


_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run radoc again",
    errno.EDQUOT: "the disk quota is exhausted: free some space and run radoc again",
    errno.EACCES: "permission denied: make it writable for this user, or choose another folder",
    errno.EPERM: "permission denied: make it writable for this user, or choose another folder",
    errno.EROFS: "it is on a read-only file system: choose another folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder: move that file away",
    errno.EISDIR: "it is a folder where radoc expected a file",
    errno.EEXIST: "it already exists",
    errno.ELOOP: "it is a loop of symbolic links",
    errno.EADDRINUSE: "the address is in use: stop the other server or choose another address",
}


def from_os_error(exc: OSError, what: str = "") -> EnvironmentProblem:
    """An operating-system error as one line that names the path and says what to do."""
    path = exc.filename if exc.filename is not None else ""
    where = f"{Path(str(path))}: " if path else ""
    hint = _HINTS.get(exc.errno or 0, exc.strerror or str(exc))
    doing = f"{what}: " if what else ""
    return EnvironmentProblem(f"{doing}{where}{hint}")
