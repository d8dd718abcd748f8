"""Rebuild only the pages that change: MkDocs' two page stages, skipped where their output is
provably the one a full build would write.

MkDocs builds every page in two stages: it *renders* the page's Markdown to HTML (the
``_populate_page`` stage: the page's source, its plugins' ``on_page_markdown``, Markdown with the
configured extensions), then *builds* the page, the HTML body in the theme's templates (the
``_build_page`` stage: navigation, table of contents, neighbours, search index entries). A full
build repeats both for every page, whatever changed; at hundreds of pages most of a rebuild.

Each stage is a function of what goes into it, and this module names all of it in a key:

- rendering a page depends on the page's Markdown as the plugins left it and its front matter,
  the configuration (extensions and their settings), the set of files with their addresses
  (links are rewritten and checked against them), and the versions of everything installed:
  ``render key``. Its result is kept as MkDocs uses it later: the title found in the page, its
  anchors and its links to other pages' anchors (checked after every build).
- building a page depends on its render key, its address, and what the theme shows of other
  pages: the navigation (every title, address, front matter and nesting; a page's neighbours,
  parents and the home page are in it): ``context key``. Its result is the HTML file (kept by its SHA-256, in the
  published site) and the search entries the search plugin made of it.

With every key of a page as in the last published build, and its HTML in that site holding the
bytes recorded, the page is copied from the site instead of rendered and built, and its search
entries are added as the search plugin would add them; any other page goes through MkDocs'
own stages. A page whose stages logged a warning is always rebuilt (so ``--strict`` sees it).
Only configurations whose templates and plugins this reasoning covers are handled: MkDocs 1.6,
the Material theme without ``custom_dir`` (its templates show other pages only as items of the
navigation), and no plugin but ``search`` and ``radoc``; any other is built in full.
The test compares a partial build with a full one byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fresh import READS_BASE_PATH
from .write import atomic_write

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from .fresh import Snapshot

FORMAT = "radoc-pages 1"
MKDOCS_SERIES = "1.6."
PLUGIN_MODULES = ("radoc.plugin", "material.plugins.search.plugin")


def _key(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        # a string as it is (a page's Markdown is most of what is hashed), anything else as JSON
        text = part if isinstance(part, str) else json.dumps(part, sort_keys=True, default=str)
        data = text.encode("utf-8", "surrogatepass")
        h.update(f"{'s' if isinstance(part, str) else 'j'}{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()


def unsupported(config: MkDocsConfig) -> str | None:
    """Why pages of ``config``'s site cannot be reused (None: they can)."""
    import mkdocs

    if not mkdocs.__version__.startswith(MKDOCS_SERIES):
        return f"MkDocs {mkdocs.__version__} is not the series radoc mirrors ({MKDOCS_SERIES}x)"
    if config.theme.name != "material":
        return f"the theme '{config.theme.name}' is not Material"
    if config.theme.custom_dir:
        return "the theme's custom_dir may show any part of any page"
    for name, plugin in config.plugins.items():
        if type(plugin).__module__ not in PLUGIN_MODULES:
            return f"the plugin '{name}' may depend on other pages"
    for ext in READS_BASE_PATH:
        if ext in config.markdown_extensions:
            return f"'{ext}' reads files into pages as it renders them"
    return None


def for_site(config: MkDocsConfig, site: Path, snap: Snapshot, reuse: bool) -> Pages | str:
    """The page records of the site at ``site``, for a build with ``config`` whose inputs
    ``snap`` recorded (``reuse=False``: record only); or why its pages cannot be reused."""
    why = unsupported(config)
    if why is not None:
        return why
    radoc = config.plugins.get("radoc")
    if radoc is None or not config.config_file_path:
        return "the radoc plugin is not configured (its cache keeps the pages' records)"
    root = Path(config.config_file_path).parent
    architecture = str((root / radoc.config.architecture).resolve())
    # pages reach their Markdown from these two folders: each page's key holds its Markdown
    base = snap.key(skip=[os.path.abspath(config.docs_dir), architecture])
    name = hashlib.sha256(str(site).encode("utf-8")).hexdigest()[:16]
    return Pages(site, (root / radoc.config.cache).resolve() / f"pages-{name}.json", base, reuse)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextlib.contextmanager
def _counting_warnings() -> Iterator[_Warnings]:
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@dataclass
class Counts:
    """Pages whose Markdown was converted, pages built in the theme, pages copied."""

    rendered: int = 0
    built: int = 0
    reused: int = 0


@dataclass
class Pages:
    """Reuse of the pages of the site last published at ``site`` during one MkDocs build.

    ``base``: a key of every input that is neither a page nor in a page's Markdown (the
    configuration files, the versions of everything installed, the options); ``reuse=False``
    records the pages for the next build without reusing any."""

    site: Path
    cache_file: Path
    base: str
    reuse: bool = True
    counts: Counts = field(default_factory=Counts)
    old: dict[str, dict[str, Any]] = field(default_factory=dict)
    new: dict[str, dict[str, Any]] = field(default_factory=dict)
    _files: Files | None = None
    _render_base: str | None = None
    _context_base: str | None = None
    _unrendered: set[str] = field(default_factory=set)
    original_build: Any = None  # MkDocs' own page build, while installed

    def __post_init__(self) -> None:
        if self.reuse:
            self.old = self._load()

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            head, _, body = self.cache_file.read_text(encoding="utf-8").partition("\n")
            data = json.loads(body) if head == FORMAT else None
        except (OSError, UnicodeDecodeError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("site") != str(self.site):
            return {}
        pages = data.get("pages")
        return pages if isinstance(pages, dict) else {}

    def save(self) -> None:
        """Keep this build's records for the next one (after the site was published)."""
        data = {"site": str(self.site), "pages": self.new}
        # keys in their order: a search entry's fields are written out in the order they have
        text = f"{FORMAT}\n{json.dumps(data, separators=(',', ':'))}\n"
        atomic_write(self.cache_file, text.encode("utf-8"))

    def discard(self) -> None:
        """Forget the records: the site they describe is no longer the published one."""
        with contextlib.suppress(OSError):
            self.cache_file.unlink()

    # -- the keys ---------------------------------------------------------------------------

    def _render_key(self, page: Page, files: Files) -> str:
        if self._render_base is None or self._files is not files:
            self._files = files
            listing = sorted(
                (f.src_uri, f.dest_uri, f.url, f.inclusion.name, f.is_documentation_page())
                for f in files
            )
            # MkDocs records links to anchors only above DEBUG (and checks them after the build)
            checked = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel()
            self._render_base = _key(self.base, listing, checked > logging.DEBUG)
        return _key(self._render_base, page.file.src_uri, page.markdown, page.meta)

    def _context_key(self, page: Page, nav: Navigation, doc_files: Any, excluded: bool) -> str:
        if self._context_base is None:
            # Material's templates show other pages only as navigation items: the navigation
            # (titles, addresses, front matter, nesting), a page's neighbours, parents and
            # the home page are all in it
            home = nav.homepage.file.src_uri if nav.homepage else None
            self._context_base = _key(self._render_base, _nav(nav.items), home)
        record = self.new[page.file.src_uri]
        return _key(self._context_base, record["render"], page.url, excluded)

    # -- MkDocs' two page stages, mirrored ---------------------------------------------------

    def populate(self, page: Page, config: MkDocsConfig, files: Files, dirty: bool = False) -> None:
        """`mkdocs.commands.build._populate_page`, rendering only a page that changed."""
        from mkdocs.exceptions import BuildError

        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=files
            )
            key = self._render_key(page, files)
            uri = page.file.src_uri
            old = self.old.get(uri)
            if old is not None and old.get("render") == key and _restore(page, old, files):
                self.new[uri] = {"render": key, **_rendered(page)}
                self._unrendered.add(uri)
                return
            with _counting_warnings() as warned:
                self._render(page, config, files)
            self.new[uri] = {"render": key, "clean": warned.count == 0, **_rendered(page)}
        except Exception as e:
            message = f"Error reading page '{page.file.src_uri}':"
            if not isinstance(e, BuildError):
                message += f" {e}"
            logging.getLogger("mkdocs.commands.build").error(message)
            raise
        finally:
            config._current_page = None

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        page.render(config, files)
        assert page.content is not None
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )
        self.counts.rendered += 1

    def build(
        self,
        page: Page,
        config: MkDocsConfig,
        doc_files: Any,
        nav: Navigation,
        env: Any,
        dirty: bool = False,
        excluded: bool = False,
    ) -> None:
        """`mkdocs.commands.build._build_page`, building only a page whose output changes."""
        uri = page.file.src_uri
        record = self.new[uri]
        key = self._context_key(page, nav, doc_files, excluded)
        old = self.old.get(uri)
        search = _search_index(config)
        if (
            old is not None
            and old.get("context") == key
            and old.get("clean")
            and isinstance(old.get("html"), str)
            and (search is None) == (old.get("search") is None)
            and self._copy(page, old["html"])
        ):
            if search is not None:
                search.entries.extend(old["search"])
            record.update(context=key, clean=True, html=old["html"], search=old["search"])
            self.counts.reused += 1
            return
        if uri in self._unrendered:  # its Markdown was not needed so far: now it is
            assert self._files is not None
            with _counting_warnings() as warned:
                self._render(page, config, self._files)
            record["clean"] = warned.count == 0
        before = len(search.entries) if search is not None else 0
        with _counting_warnings() as warned:
            self.original_build(page, config, doc_files, nav, env, dirty, excluded=excluded)
        self.counts.built += 1
        record.update(
            context=key,
            clean=bool(record.get("clean", True)) and warned.count == 0,
            html=_sha(page.file.abs_dest_path),
            # as the search plugin writes them out (its index is JSON with default=str)
            search=json.loads(json.dumps(search.entries[before:], default=str))
            if search is not None
            else None,
        )

    def _copy(self, page: Page, sha: str) -> bool:
        """Copy the page's HTML from the published site when it holds the recorded bytes."""
        dest = page.file.abs_dest_path
        assert dest is not None
        try:
            data = (self.site / page.file.dest_uri).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != sha:
            return False
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(data)
        return True


def _rendered(page: Page) -> dict[str, Any]:
    """What later stages use of a rendered page, besides its HTML body and table of contents
    (which only its own build uses): the title found in it, its anchors, its links to anchors."""
    links = page.links_to_anchors
    return {
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        "links": None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
    }


def _restore(page: Page, old: dict[str, Any], files: Files) -> bool:
    links = old.get("links")
    resolved = {}
    for uri, anchors in (links or {}).items():
        target = files.get_file_from_path(uri)
        if target is None:
            return False
        resolved[target] = dict(anchors)
    page._title_from_render = old.get("title")
    anchors = old.get("anchors")
    page.present_anchor_ids = set(anchors) if anchors is not None else None
    page.links_to_anchors = None if links is None else resolved
    page.content = ""  # rendered (MkDocs' title rules look at this), and not shown
    return True


def _nav(items: Any) -> list[Any]:
    out: list[Any] = []
    for item in items:
        entry: list[Any] = [type(item).__name__, item.title, getattr(item, "url", None)]
        if item.is_page:
            entry += [item.file.src_uri, item.meta]
        if item.children:
            entry.append(_nav(item.children))
        out.append(entry)
    return out


def _sha(path: str | None) -> str | None:
    try:
        with open(path or "", "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _search_index(config: MkDocsConfig) -> Any:
    for plugin in config.plugins.values():
        if type(plugin).__module__ == "material.plugins.search.plugin":
            return getattr(plugin, "search_index", None) if plugin.config.enabled else None
    return None


@contextlib.contextmanager
def installed(pages: Pages | None) -> Iterator[None]:
    """MkDocs' page stages replaced by ``pages``' during the build (nothing when None)."""
    if pages is None:
        yield
        return
    import mkdocs.commands.build as mkdocs_build

    saved = mkdocs_build._populate_page, mkdocs_build._build_page
    pages.original_build = saved[1]
    mkdocs_build._populate_page = pages.populate
    mkdocs_build._build_page = pages.build
    try:
        yield
    finally:
        mkdocs_build._populate_page, mkdocs_build._build_page = saved
        pages.original_build = None
