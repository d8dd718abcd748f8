"""Is the site up to date? A fingerprint of everything a build reads, kept beside the site.

A site build reads: the MkDocs configuration (``mkdocs.yml`` and every file it ``INHERIT``s),
every file under ``docs_dir``, the theme's ``custom_dir``, the paths in ``watch``, the
architecture folder (and the version ``diff_against`` names), radoc's own files, the installed
Python distributions (MkDocs, its theme and their extensions among them), the Graphviz version,
the environment variables the configuration reads with ``!ENV``, and the command's options.
`Snapshot` records all of them; after a site is published, `stamp_site` adds every file of the
site and writes the record beside the site folder (``.site.radoc-stamp`` for ``site/``), so a
failed build never leaves a stamp behind that claims its inputs were built. `site_is_current`
reads that stamp back without loading MkDocs: the site is current when every input and every
published file is as recorded.

Content decides, not times: a file whose size, modification and change times, inode and device
are all as recorded is trusted without being read, unless it was changed less than `RACY_NS`
before the record was taken (a coarse file-system clock could hide a second change in that
window, as git's "racily clean" files); every other file is hashed and compared. A
configuration whose inputs radoc cannot name (a plugin or hook it does not know, snippets or
inlined images read from the folder that holds the site) is never called current: it is always
built, and says why with ``-v``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .write import MARKER, atomic_write, folder_lock, read_manifest, umask

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

STAMP_FORMAT = "radoc-stamp 1"
RACY_NS = 3_000_000_000  # FAT keeps times to 2 s; ext4, btrfs, xfs and tmpfs to the nanosecond
PACKAGE_DIR = Path(__file__).resolve().parent

# plugins whose output depends only on what MkDocs hands them (pages, files, configuration)
PURE_PLUGIN_MODULES = (
    "mkdocs.contrib.search",
    "material.plugins.search",
    "material.plugins.tags",
    "material.plugins.meta",  # reads .meta.yml files, which live in docs_dir
    "material.plugins.offline",
    "material.plugins.typeset",
    "radoc.plugin",
)
# Python-Markdown's own extensions, by their short names
MARKDOWN_BUILTINS = frozenset(
    [
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    ]
)
# extensions that read files from their base_path (the current folder unless configured)
READS_BASE_PATH = ("pymdownx.snippets", "pymdownx.b64")

# one stat result, then the SHA-256 of the content: [size, mtime_ns, ctime_ns, ino, dev, hex]
Record = list[Any]


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def record(path: str) -> Record | None:
    """The record of one file, or None when it is missing or unreadable."""
    st = _stat(path)
    if st is None:
        return None
    digest = _digest(path)
    if digest is None:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, digest]


@dataclass
class Counter:
    """How much work a comparison did (tests read it), and the files it had to read whose
    content was as recorded: their new records, by path."""

    hashed: int = 0
    renewed: dict[str, Record] = field(default_factory=dict)


def same(path: str, old: Record | None, taken_ns: int, counter: Counter) -> bool:
    """Whether the file at ``path`` still holds what ``old`` recorded at ``taken_ns``."""
    st = _stat(path)
    if old is None or st is None:
        return old is None and st is None
    stat = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
    settled = max(st.st_mtime_ns, st.st_ctime_ns) < taken_ns - RACY_NS
    if stat == old[:5] and settled:
        return True
    if st.st_size != old[0]:
        return False
    counter.hashed += 1
    if _digest(path) != old[5]:
        return False
    # read after the stat: had it changed since, its times would no longer match this record
    counter.renewed[path] = [*stat, old[5]]
    return True


def walk(root: str) -> list[str] | None:
    """Every file below ``root`` (relative POSIX paths, sorted), following links as MkDocs does
    (each folder once), without ``__pycache__``; None when ``root`` is not a folder."""
    if not os.path.isdir(root):
        return None
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        st = _stat(dirpath)
        key = (st.st_dev, st.st_ino) if st else (0, 0)
        if key in seen:
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found.extend(prefix + name for name in filenames)
    return sorted(found)


# -- what a build reads ------------------------------------------------------------------------


def config_files(config_file: Path) -> list[str] | None:
    """The configuration file and every file it INHERITs (absolute paths), read as MkDocs
    reads them; None when the chain cannot be followed (MkDocs will say why)."""
    import yaml

    class _Lenient(yaml.SafeLoader):
        pass

    # !ENV, !relative and !!python/name tags do not matter here: only INHERIT is read
    _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    chain: list[str] = []
    path = os.path.abspath(config_file)
    while path not in chain:
        chain.append(path)
        try:
            with open(path, "rb") as f:
                data = yaml.load(f, Loader=_Lenient)
        except (OSError, yaml.YAMLError):
            return None
        parent = data.get("INHERIT") if isinstance(data, dict) else None
        if not isinstance(parent, str):
            return chain
        path = os.path.normpath(os.path.join(os.path.dirname(path), parent))
    return None  # a loop: MkDocs fails on it too


def site_dir_of(config_file: Path) -> Path | None:
    """Where ``config_file`` puts its site (``site_dir``, ``site`` by default), read without
    loading MkDocs; None when it cannot be told (a tag such as !ENV decides it)."""
    import yaml

    class _Lenient(yaml.SafeLoader):
        pass

    _Lenient.add_multi_constructor("", lambda loader, suffix, node: _Unknown())
    chain = config_files(config_file)
    if chain is None:
        return None
    for path in chain:  # the file itself first: it overrides what it inherits
        try:
            with open(path, "rb") as f:
                data = yaml.load(f, Loader=_Lenient)
        except (OSError, yaml.YAMLError):
            return None
        if isinstance(data, dict) and "site_dir" in data:
            value = data["site_dir"]
            if not isinstance(value, str):
                return None
            return Path(os.path.dirname(chain[0])) / value
    return Path(os.path.dirname(chain[0])) / "site"


class _Unknown:
    """A value decided by a YAML tag (!ENV, …) that only MkDocs can resolve."""


_ENV_TAG = re.compile(r"!ENV\s+(\[[^\]\n]*\]|[^\s,\]}#]+)")


def env_names(texts: Iterable[str]) -> list[str]:
    """The environment variables configuration texts read with ``!ENV`` (a default value in a
    list is taken for a name too: one name too many costs nothing)."""
    names: set[str] = set()
    for text in texts:
        for match in _ENV_TAG.finditer(text):
            value = match.group(1).strip("[]")
            names.update(v.strip().strip("'\"") for v in value.split(",") if v.strip())
    return sorted(names)


def options(command: str, config_file: Path, site: Path | None, **flags: object) -> dict[str, str]:
    """The options of a build that shape its output: the command, the configuration, the site
    folder, the working folder (paths in the configuration may be relative to it), the umask
    (the published files' modes follow it), flags."""
    found = {
        "command": command,
        "config": os.path.abspath(config_file),
        "cwd": os.getcwd(),
        "site": os.path.abspath(site) if site is not None else "",
        "umask": oct(umask()),
    }
    found.update({k: str(v) for k, v in sorted(flags.items())})
    return found


def untracked_reason(config: MkDocsConfig) -> str | None:
    """Why radoc cannot name every input of a build with ``config`` (None: it can)."""
    for name, plugin in config.plugins.items():
        module = type(plugin).__module__
        if not module.startswith(PURE_PLUGIN_MODULES):
            kind = "hook" if name in (config.hooks or {}) else "plugin"
            return f"the {kind} '{name}' may read files radoc does not track"
    for ext in config.markdown_extensions:
        if not isinstance(ext, str):
            return f"the markdown extension {ext!r} may read files radoc does not track"
        if ext in MARKDOWN_BUILTINS or ext.startswith("markdown.extensions."):
            continue
        if ext in READS_BASE_PATH:
            continue  # its base paths are tracked (see tracked_paths)
        if not ext.startswith(("pymdownx.", "material.extensions.")):
            return f"the markdown extension '{ext}' may read files radoc does not track"
    return None


def _base_paths(config: MkDocsConfig, ext: str) -> list[str] | str:
    settings = config.mdx_configs.get(ext, {})
    if settings.get("url_download"):
        return f"'{ext}' downloads from the network"
    base = settings.get("base_path", ".")
    return [os.path.abspath(str(p)) for p in ([base] if isinstance(base, str | Path) else base)]


def tracked_paths(config: MkDocsConfig, site: Path) -> tuple[list[str], list[str]] | str:
    """The folders and files a build with ``config`` reads, beyond the configuration files and
    radoc's own; or why they cannot be named. No tracked folder may hold what the build writes
    (the site, radoc's generated pages and its cache)."""
    reason = untracked_reason(config)
    if reason is not None:
        return reason
    produced = [site.resolve()]
    folders = [config.docs_dir]
    files: list[str] = []
    if config.theme.custom_dir:
        folders.append(config.theme.custom_dir)
    for item in config.watch:
        (folders if os.path.isdir(item) else files).append(os.path.abspath(item))
    for ext in READS_BASE_PATH:
        if ext in config.markdown_extensions:
            paths = _base_paths(config, ext)
            if isinstance(paths, str):
                return paths
            folders.extend(paths)
    radoc = config.plugins.get("radoc")
    if radoc is not None:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        folders.append(str((root / radoc.config.architecture).resolve()))
        produced += [(root / radoc.config.output).resolve(), (root / radoc.config.cache).resolve()]
        against = radoc.config.diff_against
        if against and Path(against).is_dir():
            folders.append(str(Path(against).resolve()))
    folders = sorted({os.path.abspath(f) for f in folders})
    for folder in folders:
        for out in produced:
            if out == Path(folder) or Path(folder) in out.parents:
                return f"{folder} holds {out}, which the build writes"
    return folders, sorted(set(files))


def revisions(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(architecture folder, git revision) the build compares against, if any."""
    radoc = config.plugins.get("radoc")
    if radoc is None or not radoc.config.diff_against or Path(radoc.config.diff_against).is_dir():
        return []
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return [(str((root / radoc.config.architecture).resolve()), radoc.config.diff_against)]


# -- the environment ---------------------------------------------------------------------------


def _distributions() -> str:
    """A hash of the installed distributions' names and versions (their metadata folders on
    sys.path): installing, removing or upgrading any package changes it."""
    h = hashlib.sha256()
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        found = [n for n in names if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth"))]
        if found:
            h.update(f"{entry}\0{chr(0).join(found)}\0".encode())
    return h.hexdigest()


def _graphviz() -> str:
    from .render.graphviz_run import GraphvizFailed, GraphvizMissing, graphviz_version

    try:
        return f"{shutil.which('dot')} {graphviz_version()}"
    except (GraphvizMissing, GraphvizFailed):
        return "none"


def _commit(folder: str, revision: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def environment(
    env: Iterable[str] = (), revs: Iterable[tuple[str, str]] = (), opts: Mapping[str, str] = {}
) -> dict[str, str]:
    """Everything outside the input files that shapes a build's output."""
    values = {
        "radoc": f"{__version__} {PACKAGE_DIR}",
        "python": f"{sys.version} {sys.executable}",
        "distributions": _distributions(),
    }
    values.update({f"option {k}": v for k, v in opts.items()})
    values.update({f"env {name}": os.environ.get(name, "\0unset") for name in env})
    values.update({f"git {folder} {rev}": _commit(folder, rev) for folder, rev in revs})
    values["graphviz"] = _graphviz()  # last: the one that runs a program
    return values


# -- snapshots ---------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """Every input of a build as it was at ``taken_ns``."""

    taken_ns: int
    values: dict[str, str]
    files: dict[str, Record | None] = field(default_factory=dict)
    folders: dict[str, dict[str, Record | None] | None] = field(default_factory=dict)
    env: list[str] = field(default_factory=list)
    revisions: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)

    def add_files(self, paths: Iterable[str]) -> None:
        for path in paths:
            if path not in self.files:
                self.files[path] = record(path)

    def add_folders(self, paths: Iterable[str]) -> None:
        for path in paths:
            if path in self.folders:
                continue
            names = walk(path)
            self.folders[path] = (
                None if names is None else {n: record(os.path.join(path, n)) for n in names}
            )

    def key(self, skip: Iterable[str] = ()) -> str:
        """A hash of every content and value recorded, leaving out the folders ``skip``."""
        left_out = set(skip)
        h = hashlib.sha256()
        digest = {
            "values": self.values,
            "files": {p: r and r[5] for p, r in self.files.items()},
            "folders": {
                d: None if e is None else {n: r and r[5] for n, r in e.items()}
                for d, e in self.folders.items()
                if d not in left_out
            },
            "env": self.env,
            "revisions": self.revisions,
            "options": self.options,
        }
        h.update(json.dumps(digest, sort_keys=True).encode("utf-8"))
        return h.hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "taken_ns": self.taken_ns,
            "values": self.values,
            "files": self.files,
            "folders": self.folders,
            "env": self.env,
            "revisions": self.revisions,
            "options": self.options,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        return cls(
            int(data["taken_ns"]),
            dict(data["values"]),
            dict(data["files"]),
            dict(data["folders"]),
            list(data["env"]),
            [(str(a), str(b)) for a, b in data["revisions"]],
            dict(data["options"]),
        )


def begin(config_file: Path) -> Snapshot | None:
    """The part of a snapshot taken before MkDocs reads anything: the configuration files and
    radoc's own (None: the configuration chain cannot be read)."""
    chain = config_files(config_file)
    if chain is None:
        return None
    snap = Snapshot(time.time_ns(), {})
    snap.add_files(chain)
    texts = []
    for path in chain:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            texts.append(Path(path).read_text(encoding="utf-8"))
    snap.env = env_names(texts)
    snap.add_folders([str(PACKAGE_DIR)])
    return snap


def complete(
    snap: Snapshot, config: MkDocsConfig, site: Path, opts: Mapping[str, str]
) -> Snapshot | str:
    """``snap`` with every other input of a build with ``config`` into ``site`` and the
    build's options; or why its inputs cannot be named."""
    paths = tracked_paths(config, site)
    if isinstance(paths, str):
        return paths
    folders, files = paths
    snap.options = dict(opts)
    snap.add_folders(folders)
    snap.add_files(files)
    snap.revisions = revisions(config)
    snap.values = environment(snap.env, snap.revisions, snap.options)
    return snap


def unchanged(snap: Snapshot, counter: Counter | None = None) -> bool:
    """Whether every input ``snap`` recorded is still as it was."""
    counter = counter or Counter()
    for path, old in snap.files.items():
        if not same(path, old, snap.taken_ns, counter):
            return False
    for folder, entries in snap.folders.items():
        names = walk(folder)
        if names is None or entries is None:
            if names is not None or entries is not None:
                return False
            continue
        if names != list(entries):  # recorded sorted, as walk lists them
            return False
        for name in names:
            if not same(os.path.join(folder, name), entries[name], snap.taken_ns, counter):
                return False
    return environment(snap.env, snap.revisions, snap.options) == snap.values


# -- the stamp beside the site -----------------------------------------------------------------


def stamp_path(site: Path) -> Path:
    return site.with_name(f".{site.name}.radoc-stamp")


def _read_stamp(path: Path) -> dict[str, Any] | None:
    if path.is_symlink() or not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, _, body = text.partition("\n")
    if head != STAMP_FORMAT:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _ours(path: Path) -> bool:
    """A stamp radoc may replace or remove: none yet, or one radoc wrote."""
    if path.is_symlink():
        return False
    if not path.exists():
        return True
    try:
        with path.open("rb") as f:
            return f.read(len(STAMP_FORMAT) + 1) == f"{STAMP_FORMAT}\n".encode()
    except OSError:
        return False


def _published(site: Path) -> dict[str, Record | None]:
    manifest = read_manifest(site) or set()
    return {rel: record(str(site / rel)) for rel in sorted(manifest | {MARKER})}


def stamp_site(site: Path, snap: Snapshot | None) -> None:
    """After ``site`` was published from the inputs ``snap`` recorded: write its stamp. With
    no snapshot (inputs radoc cannot name), remove an earlier stamp, which no longer holds."""
    path = stamp_path(site)
    if not _ours(path):
        return  # a file radoc did not write: leave it, and never call this site current
    if snap is None:
        path.unlink(missing_ok=True)
        return
    data = {"site": str(site), "site_taken_ns": time.time_ns(), "published": _published(site)}
    data["inputs"] = snap.to_json()
    _write_stamp(site, data)


def _write_stamp(site: Path, data: dict[str, Any]) -> None:
    text = f"{STAMP_FORMAT}\n{json.dumps(data, sort_keys=True, separators=(',', ':'))}\n"
    atomic_write(stamp_path(site), text.encode("utf-8"))


@dataclass
class Check:
    """The answer of `site_is_current`, with the work it took."""

    current: bool
    reason: str
    hashed: int = 0
    stamp: dict[str, Any] | None = None


def check_site(site: Path, opts: Mapping[str, str], counter: Counter | None = None) -> Check:
    """Whether the site at ``site`` is what a build with ``opts`` would publish now."""
    data = _read_stamp(stamp_path(site))
    if data is None:
        return Check(False, "no stamp of an earlier build")
    counter = counter or Counter()
    try:
        snap = Snapshot.from_json(data["inputs"])
        if snap.options != dict(opts) or data["site"] != str(site):
            return Check(False, "built with other options")
        if not site.is_dir() or site.is_symlink():
            return Check(False, "the site folder is gone")
        taken = int(data["site_taken_ns"])
        published: dict[str, Record | None] = data["published"]
        manifest = read_manifest(site)
        if manifest is None or sorted(manifest | {MARKER}) != sorted(published):
            return Check(False, "the site folder was changed")
        for rel, old in published.items():
            if old is None or not same(str(site / rel), old, taken, counter):
                return Check(False, f"{rel} in the site was changed", counter.hashed)
        if not unchanged(snap, counter):
            return Check(False, "an input changed", counter.hashed)
    except (KeyError, TypeError, ValueError, IndexError):
        return Check(False, "the stamp is unreadable")
    return Check(True, "nothing changed", counter.hashed, data)


def site_is_current(site: Path, opts: Mapping[str, str]) -> Check:
    """`check_site`; when files had to be read to tell (new times, same content), the stamp is
    renewed under the site's build lock with their new times, so the next check reads none."""
    found = check_site(site, opts)
    if not found.current or found.hashed == 0:
        return found
    with folder_lock(site):
        counter = Counter()
        again = check_site(site, opts, counter)
        if again.current and again.stamp is not None and _ours(stamp_path(site)):
            _write_stamp(site, _renew(again.stamp, counter.renewed, site, time.time_ns()))
        return again


def _renew(data: dict[str, Any], renewed: dict[str, Record], site: Path, now: int) -> Any:
    inputs = data["inputs"]
    for path in inputs["files"]:
        inputs["files"][path] = renewed.get(path, inputs["files"][path])
    for folder, entries in inputs["folders"].items():
        for name in entries or {}:
            entries[name] = renewed.get(os.path.join(folder, name), entries[name])
    for rel in data["published"]:
        data["published"][rel] = renewed.get(str(site / rel), data["published"][rel])
    inputs["taken_ns"] = data["site_taken_ns"] = now
    return data
