"""Dirty builds that never keep a stale page.

MkDocs' dirty build (`mkdocs serve --dirty`, `mkdocs build --dirty`) builds a page again only
when its source file is newer than its HTML (``File.is_modified``: the two modification times),
and reads no other page. With radoc's pages that misses:

- a generated file rewritten within the same tick of a coarse file-system clock as its HTML was
  written (FAT keeps times to 2 s), or after the clock was set back: every file the writer
  rewrote is built again, whatever the times say;
- a hand-written page that shows a diagram (``<!-- radoc-diagram: … -->``): its file does not
  change when the diagram does, so it is always built again;
- a file radoc no longer generates: its output would stay in the site, so it is removed;
- what every page shows besides its own source: the navigation (its titles, addresses and
  nesting, and the front matter of its pages, whose titles and icons Material shows), the files
  and their addresses (links), the configuration and the installed software. When any of it
  differs from what the site's pages were built with, every page is built again;
- the titles of the navigation's pages: MkDocs reads no page it does not build, so the
  navigation of the pages it builds would lack them. The pages the navigation names without a
  title are read for their front matter's title; one whose title comes from its first heading
  (known only once it is rendered) is always built again, and any change to its text builds
  every page again.

A page is made to be built again by setting its HTML's modification time before its source's
(to 1970): MkDocs' own rule then builds it, and a build that fails before writing it leaves it
marked. What the pages were built with is a key recorded per site after every build that
succeeded, in radoc's cache (in memory while serving). A configuration whose pages may show
anything else (another theme or plugin, see `partial.unsupported`) has every page built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from . import fresh, partial
from .write import atomic_write

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

FORMAT = "radoc-shown 1"
DIAGRAM_MARKER = "radoc-diagram:"  # the marker of a diagram on a hand-written page
# the configuration's entries that do not shape any page
NOT_SHOWN = ("site_dir",)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class Unknown(Exception):
    """A value of the configuration radoc cannot write down the same way twice."""


def mark(file: File) -> bool:
    """Have a dirty build build ``file`` again; False when it has no output yet (a dirty build
    builds it anyway)."""
    dest = file.abs_dest_path
    try:
        st = os.stat(dest)
    except OSError:
        return False
    src = 0
    if file.abs_src_path is not None:
        with contextlib.suppress(OSError):
            src = os.stat(file.abs_src_path).st_mtime_ns
    try:
        os.utime(dest, ns=(st.st_atime_ns, min(0, src - 1_000_000_000)))
    except OSError:  # not ours to retime (another owner): without it MkDocs builds it too
        os.unlink(dest)
    return True


def mark_changed(
    files: Files,
    config: MkDocsConfig,
    written: Iterable[str],
    removed: Iterable[str],
    generated: set[str],
) -> None:
    """After radoc wrote its files: mark the files it rewrote and the hand-written pages that
    show a diagram, and remove the output of the files it no longer generates."""
    for path in written:
        file = files.get_file_from_path(path)
        if file is not None:
            mark(file)
    for file in files.documentation_pages():
        if file.src_uri in generated or not os.path.isfile(file.abs_dest_path):
            continue
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if DIAGRAM_MARKER in file.content_string:
                mark(file)
    _remove_outputs(files, config, removed)


def _remove_outputs(files: Files, config: MkDocsConfig, removed: Iterable[str]) -> None:
    from mkdocs.structure.files import File

    kept = {f.dest_uri for f in files}
    site = Path(config.site_dir)
    for path in removed:
        gone = File(
            path, src_dir=None, dest_dir=str(site), use_directory_urls=config.use_directory_urls
        )
        if gone.dest_uri in kept:
            continue  # another file is published there now
        target = Path(gone.abs_dest_path)
        if target.is_file() and not target.is_symlink():
            target.unlink()
            folder = target.parent
            while folder != site and site in folder.parents:
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    break
                folder = folder.parent


def mark_all(files: Files) -> int:
    """Have a dirty build build every page again; the number of pages with an output."""
    return sum(mark(f) for f in files.documentation_pages())


# -- what every page shows -------------------------------------------------------------------


def shown(config: MkDocsConfig, nav: Navigation, files: Files) -> tuple[str | None, list[Page]]:
    """The key of what every page of the site shows besides its own source (None: radoc cannot
    tell), and the pages of the navigation that must be built to know their titles."""
    from mkdocs.utils.meta import get_data

    nav_pages: dict[str, Any] = {}
    always: list[Page] = []
    for page in nav.pages:
        try:
            source = page.file.content_string
        except (OSError, ValueError):
            return None, []
        _, meta = get_data(source)
        entry: dict[str, Any] = {"meta": meta}
        if page.title is None and "title" not in meta:  # its first heading, once rendered
            entry["source"] = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
            always.append(page)
        nav_pages[page.file.src_uri] = entry
    if partial.unsupported(config) is not None:
        return None, always
    try:
        settings = {k: _plain(v) for k, v in config.items() if k not in NOT_SHOWN}
    except Unknown:
        return None, always
    own = fresh.Snapshot(0, {})
    own.add_folders([str(fresh.PACKAGE_DIR)])  # radoc's own files: its templates and plugin
    listing = sorted(
        (f.src_uri, f.dest_uri, f.url, f.inclusion.name, f.is_documentation_page()) for f in files
    )
    home = nav.homepage.file.src_uri if nav.homepage else None
    key = _digest(
        [
            FORMAT,
            settings,
            fresh.environment(),
            own.key(),
            listing,
            _nav(nav.items),
            home,
            nav_pages,
        ]
    )
    return key, always


def _nav(items: Any) -> list[Any]:
    out: list[Any] = []
    for item in items:
        entry: list[Any] = [type(item).__name__, item.title, getattr(item, "url", None)]
        if item.is_page:
            entry.append(item.file.src_uri)
        if item.children:
            entry.append(_nav(item.children))
        out.append(entry)
    return out


def _plain(value: Any) -> Any:
    """``value`` (a configuration's entry) as JSON data that is the same for the same settings."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.theme import Theme

    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, BasePlugin):
        kind = type(value)
        return [f"{kind.__module__}.{kind.__qualname__}", _plain(value.config)]
    if isinstance(value, Theme):
        return {
            "name": value.name,
            "dirs": list(value.dirs),
            "static_templates": sorted(value.static_templates),
            "options": _plain(dict(value.items())),
        }
    if isinstance(value, Mapping):
        return [[str(k), _plain(v)] for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(_plain(v), sort_keys=True) for v in value)
    text = repr(value)
    if _ADDRESS.search(text):  # an object that says only where it lives
        raise Unknown(type(value).__qualname__)
    return [type(value).__qualname__, text]


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_unbuilt(nav: Navigation, config: MkDocsConfig) -> None:
    """Read the navigation's pages a dirty build skipped, so that the pages it builds show their
    titles and front matter in the navigation (MkDocs shows no title for an unread page)."""
    for page in nav.pages:
        if page.markdown is None:
            page.read_source(config)


# -- the record: what the pages of a site were built with ------------------------------------


def _record_file(cache: Path, site: Path) -> Path:
    name = hashlib.sha256(str(site.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache / f"shown-{name}.json"


def recorded(cache: Path | None, site: Path) -> str | None:
    """The key the pages of the site at ``site`` were built with (None: not known)."""
    if cache is None:
        return None
    try:
        head, _, body = _record_file(cache, site).read_text(encoding="utf-8").partition("\n")
        data = json.loads(body) if head == FORMAT else None
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("site") != str(site.resolve()):
        return None
    key = data.get("key")
    return key if isinstance(key, str) else None


def record(cache: Path | None, site: Path, key: str) -> None:
    if cache is None:
        return
    data = {"site": str(site.resolve()), "key": key}
    atomic_write(_record_file(cache, site), f"{FORMAT}\n{json.dumps(data)}\n".encode())


def forget(cache: Path | None, site: Path) -> None:
    if cache is None:
        return
    with contextlib.suppress(OSError):
        _record_file(cache, site).unlink()
