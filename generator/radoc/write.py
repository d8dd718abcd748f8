"""Stage 7, write: the only stage that touches the disk.

radoc owns exactly the files it wrote. Each folder it writes into carries a marker file that is
also the manifest: the list of files radoc put there. A build rewrites only files whose bytes
changed (so `mkdocs serve --dirty` and the browser reload only what changed), removes only
files of the manifest that are no longer produced, and leaves every other file where it is.
Every file is written aside and renamed into place, never through a symbolic link, with the
user's umask. A built site is swapped in atomically (`renameat2(RENAME_EXCHANGE)` on Linux),
rebuilt in place where the folder is a mount point, and one lock per folder keeps concurrent
builds from stepping on each other.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from .errors import NotOwned, from_os_error

MARKER = ".radoc-generated"
MARKER_HEAD = "# This folder is written by radoc. The files it wrote are listed below;\n# radoc leaves any other file here alone.\n"
STAGING = ".building-"
RETIRED = ".retired-"


@dataclass(frozen=True)
class OutputFile:
    """A generated file: its path (POSIX, relative to the output folder) and its bytes."""

    path: str
    data: bytes


@dataclass
class WriteReport:
    written: list[str]
    unchanged: int
    removed: list[str]


@cache
def umask() -> int:
    """The process's umask (read once: setting it to read it is not thread-safe)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_relative(path: str) -> None:
    p = PurePosixPath(path)
    if p.is_absolute() or ".." in p.parts or not p.parts or path != p.as_posix():
        raise ValueError(f"refusing to write outside the output folder: {path!r}")


def read_manifest(folder: Path) -> set[str] | None:
    """The files radoc wrote into ``folder``, or None when radoc does not own it."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8", errors="replace")
    if not text.startswith(MARKER_HEAD.splitlines()[0]):
        # a marker of radoc 0.1, which owned the whole folder and kept no list
        return {
            (Path(d) / f).relative_to(folder).as_posix()
            for d, _, names in os.walk(folder, followlinks=False)
            for f in names
            if f != MARKER
        }
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def write_manifest(folder: Path, files: Iterable[str]) -> None:
    text = MARKER_HEAD + "".join(f"{f}\n" for f in sorted(files))
    atomic_write(folder / MARKER, text.encode("utf-8"))


def claim_folder(folder: Path) -> set[str]:
    """Make ``folder`` ours: create it, or accept it if it carries our marker, or if it is
    empty. Returns the manifest (what radoc wrote there before)."""
    if folder.is_symlink():
        raise NotOwned(f"{folder} is a symbolic link; radoc does not write through links")
    if folder.exists() and not folder.is_dir():
        raise NotOwned(f"{folder} exists and is not a folder: move it away or choose another")
    manifest = read_manifest(folder) if folder.is_dir() else None
    if manifest is None and folder.is_dir() and any(folder.iterdir()):
        raise NotOwned(
            f"{folder} holds files radoc did not create (no {MARKER} marker); "
            "radoc will not write into it: move them away or choose another folder"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise from_os_error(exc, "cannot create the output folder") from None
    return manifest or set()


def atomic_write(path: Path, data: bytes) -> None:
    """Write aside, then rename into place: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".radoc-tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes 0600: a web server could not read it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _no_link_below(folder: Path, rel: str) -> None:
    """Refuse a path whose folders (inside ``folder``) include a symbolic link."""
    current = folder
    for part in PurePosixPath(rel).parts:
        current = current / part
        if current.is_symlink():
            raise NotOwned(
                f"{current} is a symbolic link; radoc does not write through links: remove it"
            )


def write_outputs(folder: Path, files: Iterable[OutputFile], prune: bool = True) -> WriteReport:
    """Bring ``folder`` to ``files``, touching only what differs; with ``prune``, files radoc
    wrote before and no longer produces are removed. Files radoc did not write are never
    touched; one that stands where radoc would write is an error."""
    try:
        return _write_outputs(folder, files, prune)
    except OSError as exc:
        raise from_os_error(exc, "cannot write the generated files") from None


def _write_outputs(folder: Path, files: Iterable[OutputFile], prune: bool) -> WriteReport:
    before = claim_folder(folder)
    wanted: dict[str, bytes] = {}
    for f in files:
        _check_relative(f.path)
        wanted[f.path] = f.data
    for rel in sorted(wanted):
        target = folder / rel
        _no_link_below(folder, rel)
        if (
            rel not in before
            and (target.exists() or target.is_symlink())
            and not _same(target, wanted[rel])
        ):
            raise NotOwned(
                f"{target} was not written by radoc, and radoc would write a file there: move it away"
            )
    written, unchanged = [], 0
    for rel, data in sorted(wanted.items()):
        target = folder / rel
        if _same(target, data):
            unchanged += 1
            continue
        atomic_write(target, data)
        written.append(rel)
    removed: list[str] = []
    kept = set(wanted)
    if prune:
        for rel in sorted(before - kept):
            target = folder / rel
            with contextlib.suppress(ValueError, NotOwned):
                _check_relative(rel)
                _no_link_below(folder, rel)
                if target.is_file():
                    target.unlink()
                    removed.append(rel)
                    _remove_empty_parents(target.parent, folder)
    else:
        kept |= before
    write_manifest(folder, kept)
    return WriteReport(written, unchanged, removed)


def _same(target: Path, data: bytes) -> bool:
    return (
        not target.is_symlink()
        and target.is_file()
        and target.stat().st_size == len(data)
        and target.read_bytes() == data
    )


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent


# -- the site: built aside, swapped in ---------------------------------------------------------


@contextlib.contextmanager
def folder_lock(target: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one waits for the first."""
    lock_path = target.with_name(f".{target.name}.lock")
    told = False
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise from_os_error(exc, "cannot take the build lock") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not told:
                print(f"radoc: waiting for another build of {target} to finish", file=sys.stderr)
                told = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        # the holder before us removes the file when done: only a lock on the file that is
        # still at the path counts, else take the new one
        try:
            if os.fstat(fd).st_ino == os.stat(lock_path).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_path.unlink()
        os.close(fd)


def staging_folder(target: Path) -> Path:
    """A fresh folder beside ``target`` to build into; leftovers of killed builds are removed
    first (the caller holds the lock, so no other build is using them)."""
    parent = target.parent
    prefix = f".{target.name}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        for leftover in parent.glob(f"{prefix}{STAGING}*"):
            _remove_ours(leftover)
        for leftover in parent.glob(f"{prefix}{RETIRED}*"):
            _remove_ours(leftover)
        staging = Path(tempfile.mkdtemp(prefix=f"{prefix}{STAGING}", dir=parent))
        os.chmod(staging, 0o777 & ~umask())  # mkdtemp makes 0700: a web server could not read it
    except OSError as exc:
        raise from_os_error(exc, "cannot prepare the site folder") from None
    return staging


def _remove_ours(folder: Path) -> None:
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)


def check_site_target(target: Path) -> set[str]:
    """The manifest of the site folder ``target`` (empty when new); refuses a folder that holds
    files radoc did not create, or that is not a folder at all."""
    if target.is_symlink():
        raise NotOwned(f"{target} is a symbolic link; radoc does not replace links: remove it")
    if target.exists() and not target.is_dir():
        raise NotOwned(f"{target} exists and is not a folder: move it away or choose another")
    if not target.exists():
        return set()
    manifest = read_manifest(target)
    if manifest is None:
        if any(target.iterdir()):
            raise NotOwned(
                f"{target} holds files radoc did not create (no {MARKER} marker); "
                "radoc will not replace it: move them away or choose another folder"
            )
        return set()
    return manifest


def publish_site(staging: Path, target: Path) -> None:
    """Make the site built in ``staging`` the one at ``target``. Files a user added to the old
    site (not in its manifest) are carried over; the swap is atomic where the system allows."""
    try:
        _publish_site(staging, target)
    except OSError as exc:
        raise from_os_error(exc, "cannot publish the site") from None


def _publish_site(staging: Path, target: Path) -> None:
    built = {
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file() and p.name != MARKER
    }
    old_manifest = check_site_target(target)
    if target.is_dir():
        for rel in _user_files(target, old_manifest):
            if rel in built:
                raise NotOwned(
                    f"{target / rel} was not written by radoc, and the new site has a file there: "
                    "move it away"
                )
            source, dest = target / rel, staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest, follow_symlinks=False)
    write_manifest(staging, built)
    if target.is_dir() and os.path.ismount(target):
        _sync_into(staging, target, old_manifest, built)
        shutil.rmtree(staging, ignore_errors=True)
        return
    if not target.exists():
        os.replace(staging, target)
        return
    if not _exchange(staging, target):
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}{RETIRED}", dir=target.parent))
        os.replace(target, retired / "site")
        os.replace(staging, target)
        staging = retired
    shutil.rmtree(staging, ignore_errors=True)  # now the old site


def _user_files(folder: Path, manifest: set[str]) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in filenames + [d for d in dirnames if (Path(dirpath) / d).is_symlink()]:
            rel = (Path(dirpath) / name).relative_to(folder).as_posix()
            if rel != MARKER and rel not in manifest:
                found.append(rel)
    return sorted(found)


def _sync_into(staging: Path, target: Path, old: set[str], built: set[str]) -> None:
    """Rebuild a site folder in place (it is a mount point, e.g. a container volume, and
    cannot be renamed): changed files are replaced one by one, stale ones removed."""
    for rel in sorted(built | {MARKER}):
        data = (staging / rel).read_bytes()
        if not _same(target / rel, data):
            atomic_write(target / rel, data)
    for rel in sorted(old - built):
        path = target / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
            _remove_empty_parents(path.parent, target)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
        return False  # the file system cannot exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))
