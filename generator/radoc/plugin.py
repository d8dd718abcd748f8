"""The MkDocs plugin: `plugins: [radoc]` in mkdocs.yml. Glue only.

On every build (and every `mkdocs serve` reload) it validates the architecture, generates the
pages into its own folder (never into `docs/`), adds them to MkDocs' files and navigation, and
watches `architecture/` so an edit reloads the browser. While serving, a save that changes no
input of the site (see `fresh.py`) rebuilds nothing and reloads no browser, and a save that
does rebuilds only the pages whose output changes: the others are copied from the site served
before it (see `partial.py`, as `radoc build` does). A dirty build (`--dirty`) is told what
MkDocs' file times cannot show, so that it builds again every page whose output changes (see
`dirty.py`).

In someone else's MkDocs project it changes only what its pages need: its sections go where
the nav's ``radoc://sections`` placeholder stands (see `mkdocs_nav`), its pages are marked
"not in nav" (their kind's index links them, so MkDocs does not list them as omitted), and the
Markdown extensions its pages use are enabled when the project has not enabled them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from . import dirty, fresh, partial
from .build import embed_in_page, restore_diagrams, stash_diagrams
from .diagnostics import Diagnostic
from .errors import ConfigProblem, DiagnosticsError, NotOwned, RadocError, from_os_error
from .mkdocs_nav import PLACEHOLDER, check_placeholders, place_sections
from .pages.site import Diagram
from .pipeline import Project, generate, intro_pages
from .progress import Progress
from .urls import ASSETS, LinkStyle

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.radoc")

# What radoc's pages are written in beyond MkDocs' own toc, tables and fenced_code:
# `!!! question` (a view's question, a decision's context) and `??? note` (collapsed notes).
MARKDOWN_EXTENSIONS = ("admonition", "pymdownx.details")


class RadocConfig(Config):  # type: ignore[no-untyped-call]
    architecture = c.Type(str, default="architecture")
    """The folder of YAML sources, relative to mkdocs.yml."""
    output = c.Type(str, default="build/pages")
    """Where generated pages are written; radoc owns this folder."""
    cache = c.Type(str, default=".radoc-cache")
    """The rendered-diagram cache."""
    strict = c.Type(bool, default=False)
    """Fail the build on warnings (elements no view shows, unsourced elements, ...)."""
    diff_against = c.Optional(c.Type(str))
    """A git revision: when set, a Changes page shows what changed since it."""


# The CLI prints diagnostics itself; under plain `mkdocs` they go to MkDocs' log.
LOG_DIAGNOSTICS = True


class RadocPlugin(BasePlugin[RadocConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        super().__init__()
        self.diagnostics: list[Diagnostic] = []  # of the last run, for the CLI to print
        self.diagrams: dict[str, Diagram] = {}  # of the last run, for hand-written pages
        self.generated: set[str] = set()  # the generated pages of the last run
        self.stashed: dict[str, dict[str, str]] = {}  # a page's SVGs until it is written
        self.progress: Progress | None = None  # set by the CLI for its status line
        self._written, self._pages = 0, 0  # pages MkDocs has written, of how many
        self.failure: RadocError | None = None  # of the last run, for the CLI to raise
        # serving: the inputs of the build under way, and of the last one that succeeded
        self.created_ns = time.time_ns()  # just after MkDocs read the configuration
        self.started: fresh.Snapshot | None = None
        self.building: fresh.Snapshot | None = None
        self.built: fresh.Snapshot | None = None
        # serving: the page records of the site served last, and this build's page stages
        self.served: dict[str, dict[str, Any]] | None = None
        self.pages: partial.Pages | None = None
        self._stages = contextlib.ExitStack()
        # dirty builds: what this build's pages show of the others (see `dirty`), the key the
        # served pages were built with (in memory while serving), and the navigation
        self.shown: str | None = None
        self.shown_served: dict[str, str] = {}
        self.publish_to: Path | None = None  # set by `radoc build`, which publishes the site
        self._nav: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # defining on_startup also keeps this instance across `mkdocs serve` reloads
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.failure = None
        try:
            check_placeholders(config.nav)
        except RadocError as exc:
            raise self._fail(exc) from None
        enabled = {_extension_name(e) for e in config.markdown_extensions if isinstance(e, str)}
        missing = [e for e in MARKDOWN_EXTENSIONS if e not in enabled]
        if missing:
            config.markdown_extensions.extend(missing)
            log.info(
                "radoc: enabled the Markdown extension(s) its pages use: %s", ", ".join(missing)
            )
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.project = Project(
            root=root,
            architecture=(root / self.config.architecture).resolve(),
            output=(root / self.config.output).resolve(),
            cache=(root / self.config.cache).resolve(),
            docs_dir=Path(config.docs_dir).resolve(),
            links=LinkStyle(config.use_directory_urls),
            strict=self.config.strict,
            diff_against=self.config.diff_against,
            # serving reloads on every save: PNG/PDF downloads wait for a real build
            downloads=not getattr(self, "serving", False),
        )
        if (
            self.project.output == self.project.docs_dir
            or self.project.docs_dir in self.project.output.parents
        ):
            raise self._fail(
                ConfigProblem(
                    "'output' must not be inside docs_dir: generated pages never mix with hand-written ones"
                )
            ) from None
        config.watch.append(str(self.project.architecture))
        for css in (f"{ASSETS}/radoc.css", f"{ASSETS}/radoc-zoom.css"):
            if css not in config.extra_css:
                config.extra_css.append(css)
        script = f"{ASSETS}/radoc-zoom.js"
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
        if getattr(self, "serving", False):
            self.building = self._inputs(config)
        return config

    def _inputs(self, config: MkDocsConfig) -> fresh.Snapshot | None:
        """The inputs of this build, as they were before MkDocs read them (None: unknown)."""
        if not config.config_file_path:
            return None
        config_file = Path(config.config_file_path)
        snap, self.started = self.started, None
        if snap is None:  # the first build: MkDocs read the configuration before we could
            snap = fresh.begin(config_file)
            if snap is None:
                return None
            late = max((max(r[1], r[2]) for r in snap.files.values() if r), default=None)
            if late is None or late >= self.created_ns - fresh.RACY_NS:
                return None  # it may have changed while MkDocs read it
        opts = fresh.options("serve", config_file, None, dirty=self.dirty)
        found = fresh.complete(snap, config, Path(config.site_dir), opts)
        return None if isinstance(found, str) else found

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        """Wrap the rebuild: a save that changed no input of the site rebuilds nothing."""
        self.built = self.building  # the first build succeeded: serving only starts after it
        rebuild = server.builder

        def rebuild_if_changed() -> None:
            if self.built is not None and fresh.unchanged(self.built):
                log.info("radoc: nothing changed since the last build; not rebuilding")
                # the browsers show the current site: no reload (mkdocs 1.6 reloads them
                # when the wanted version of the site is newer than the visible one)
                if hasattr(server, "_visible_epoch"):
                    server._wanted_epoch = server._visible_epoch
                return
            self.built = self.building = None  # a failed build may empty the served folder
            self.started = fresh.begin(Path(config.config_file_path))
            rebuild()
            self.built = self.building

        server.builder = rebuild_if_changed
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Serving: move the site served so far aside (MkDocs empties the site folder next), so
        that the pages whose keys are as in that build are copied from it, not built again."""
        self.pages = None
        if not getattr(self, "serving", False) or self.dirty or self.building is None:
            return
        site = Path(config.site_dir)
        last = site.with_name(site.name + ".last")
        pages = partial.for_site(config, last, self.building, reuse=False)
        if isinstance(pages, str):
            log.debug("radoc: every page is built: %s", pages)
            return
        shutil.rmtree(last, ignore_errors=True)
        if self.served is not None and site.is_dir():
            os.replace(site, last)
            site.mkdir()
            pages.old = self.served
        self.served = None
        self.pages = pages
        self._stages.enter_context(partial.installed(pages))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stages.close()
        self._nav = None
        if self.publish_to is not None:  # `radoc build` records it once the site is published
            dirty.forget(self.project.cache, self.publish_to)
        else:
            self.record_shown(Path(config.site_dir))
        if self.pages is not None:
            self.served = self.pages.new
            _discard(self.pages.site)
            n = self.pages.counts
            log.info(
                "radoc: pages: %d rendered, %d built, %d copied from the last site",
                n.rendered,
                n.built,
                n.reused,
            )

    def on_build_error(self, *, error: Exception) -> None:
        self._stages.close()
        self._nav = None
        self.served = None
        if self.pages is not None and self.pages.site.is_dir():
            # the last good pages stay served, and the next build copies from them again
            site = Path(self.pages.site.parent, self.pages.site.name.removesuffix(".last"))
            shutil.rmtree(site, ignore_errors=True)
            os.replace(self.pages.site, site)
            self.served = self.pages.old

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.failure = None
        try:
            return self._add_files(files, config)
        except RadocError as exc:
            raise self._fail(exc) from None
        except OSError as exc:
            raise self._fail(from_os_error(exc)) from None

    def _fail(self, exc: RadocError) -> PluginError:
        """The one place the plugin turns radoc's errors into MkDocs': kept for the CLI,
        which prints it once in its own words."""
        self.failure = exc
        return PluginError(f"radoc: {exc}")

    def reports(self, record: logging.LogRecord) -> bool:
        """Whether a log record is MkDocs' copy of this run's failure (`radoc build` says it
        itself, once)."""
        return (
            record.levelno >= logging.ERROR
            and self.failure is not None
            and record.getMessage() == f"radoc: {self.failure}"
        )

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        result = generate(self.project, progress=self.progress)
        self.diagnostics = result.diagnostics
        if LOG_DIAGNOSTICS:
            for d in result.diagnostics:
                (log.error if d.is_error else log.warning)(str(d))
        if result.failed:
            raise DiagnosticsError(result.diagnostics)
        if result.report is not None:
            log.info(
                "radoc: %d page(s) and asset(s) generated, %d written, %d diagram(s) rendered",
                len(result.paths),
                len(result.report.written),
                result.renders,
            )
        taken_in = intro_pages(result.model, self.project.docs_dir) if result.model else set()
        for path in taken_in:  # its text opens the generated index: not a page of its own
            own = files.get_file_from_path(path)
            if own is not None:
                files.remove(own)
        hand_written = [f.src_uri for f in files.documentation_pages()]
        by_dest = {f.dest_uri: f.src_uri for f in files}
        for path in result.paths:
            if files.get_file_from_path(path) is not None:
                raise NotOwned(
                    f"docs/{path} is hand-written but radoc generates a page at that path; rename it"
                )
            file = File(
                path,
                src_dir=str(self.project.output),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
                # listed in radoc's sections or reached through them: never "omitted from nav"
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            if file.dest_uri in by_dest:  # docs/components.md and components/index.md: one URL
                raise NotOwned(
                    f"docs/{by_dest[file.dest_uri]} is hand-written and would be published at "
                    f"the same address as radoc's {path} ({file.url}); rename it"
                )
            files.append(file)
        had_nav = config.nav is not None
        config.nav, placed = place_sections(config.nav, hand_written, result.nav)
        if had_nav and not placed:
            log.info(
                "radoc: the nav has no '%s' item, so radoc's sections were added at its end",
                PLACEHOLDER,
            )
        self.diagrams = result.diagrams
        self.generated = {p for p in result.paths if p.endswith(".md")}
        if self._tells_dirty_builds():
            report = result.report
            written = result.paths if report is None else report.written
            removed = [] if report is None else report.removed
            dirty.mark_changed(files, config, written, removed, self.generated)
        self.stashed = {}
        self._written, self._pages = 0, len(files.documentation_pages())
        if self.progress:
            self.progress(f"MkDocs: reading {self._pages} pages")
        return files

    def _tells_dirty_builds(self) -> bool:
        """Whether this build may be a dirty one. Only serving without --dirty is known not to
        be: a program may call MkDocs' ``build(config, dirty=True)`` without on_startup."""
        return not (getattr(self, "serving", False) and not getattr(self, "dirty", True))

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """A dirty build builds again every page whose output changes (see `dirty`)."""
        self.shown = self._nav = None
        if not self._tells_dirty_builds():
            return nav
        self._nav = nav
        site = Path(config.site_dir)
        key, always = dirty.shown(config, nav, files)
        if getattr(self, "serving", False):
            before = self.shown_served.pop(str(site), None)
        else:
            before = dirty.recorded(self.project.cache, site)
        if key is None or key != before:
            dirty.forget(self.project.cache, site)
            if dirty.mark_all(files):
                log.info(
                    "radoc: every page is built again: %s",
                    "radoc cannot tell what its pages show"
                    if key is None
                    else "the navigation, the files or the configuration changed",
                )
        for page in always:
            dirty.mark(page.file)
        self.shown = key
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self._nav is not None:
            dirty.read_unbuilt(self._nav, config)
        return env

    def record_shown(self, site: Path) -> None:
        """The site at ``site`` holds this build's pages: record what they show."""
        if self.shown is None:
            return
        if getattr(self, "serving", False):
            self.shown_served[str(site)] = self.shown
        else:
            dirty.record(self.project.cache, site, self.shown)

    def on_page_markdown(
        self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        """Hand-written pages may show a diagram: ``<!-- radoc-diagram: workflow.lv-1 -->``.
        The generated pages' inline diagrams wait outside Markdown until the page is written."""
        uri = page.file.src_uri
        if uri in self.generated:
            markdown, self.stashed[uri] = stash_diagrams(markdown)
            return markdown
        if "radoc-diagram:" not in markdown:  # the marker, not a drawn diagram's class
            return markdown
        return embed_in_page(markdown, uri, self.diagrams, self.project.links)

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        stash = self.stashed.pop(page.file.src_uri, None)
        if stash:
            output = restore_diagrams(output, stash)
        if self.progress:
            self._written += 1
            self.progress(f"MkDocs: writing page {self._written}/{self._pages}")
        return output


def _discard(folder: Path) -> None:
    """Remove ``folder`` without keeping the browser waiting: renamed at once, deleted in the
    background (the interpreter waits for the deletion before it exits)."""
    if not folder.is_dir():
        return
    trash = folder.with_name(f"{folder.name}.{time.time_ns()}")
    os.replace(folder, trash)
    threading.Thread(
        target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}, name="radoc-discard"
    ).start()


def _extension_name(name: str) -> str:
    """'markdown.extensions.admonition' and 'admonition' are one extension."""
    return name.removeprefix("markdown.extensions.")
