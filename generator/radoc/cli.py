"""The `radoc` command. Glue only: each command calls one function of the generator."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from . import __version__
from .diagnostics import FORMATS, Diagnostic, format_text
from .engines import ENGINES
from .errors import BUG, USER_ERROR, DiagnosticsError, RadocError, from_os_error
from .progress import ProgressLine
from .schema_files import schema_texts, stale_schema_files
from .validate import validate_project
from .write import atomic_write, check_site_target, folder_lock, publish_site, staging_folder


def _print_diagnostics(diags: list[Diagnostic]) -> None:
    click.echo(format_text(diags), err=True, nl=False)
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    if diags:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def _fail(message: str) -> None:
    click.echo(f"radoc: error: {message}", err=True)
    sys.exit(1)


architecture_option = click.option(
    "-a",
    "--architecture",
    default="architecture",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder of YAML sources.",
)


class _Radoc(click.Group):
    """Turns every RadocError into one line and its exit code, in this one place; anything
    else is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DiagnosticsError as exc:
            _print_diagnostics(exc.diagnostics)
            sys.exit(exc.exit_code)
        except RadocError as exc:
            click.echo(f"radoc: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:  # the environment, not the architecture: say what to do
            click.echo(f"radoc: error: {from_os_error(exc)}", err=True)
            sys.exit(USER_ERROR)
        except KeyboardInterrupt:
            click.echo("radoc: interrupted; nothing was published", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception:
            traceback.print_exc()
            click.echo(
                f"radoc {__version__}: this is a bug in radoc; please report it with the traceback above",
                err=True,
            )
            sys.exit(BUG)


@click.group(cls=_Radoc, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="radoc")
def main() -> None:
    """Publish a reference architecture from YAML as a browsable site."""


@main.command()
@architecture_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    type=click.Choice(sorted(FORMATS)),
    help="How diagnostics are written to stdout: file:line:col lines, a JSON array, or "
    "GitHub Actions annotations.",
)
def check(architecture: Path, strict: bool, fmt: str) -> None:
    """Validate the architecture; write every problem to stdout, sorted by file and line."""
    result = validate_project(architecture)
    click.echo(FORMATS[fmt](result.diagnostics), nl=False)
    errors, warnings = len(result.errors), len(result.warnings)
    if result.diagnostics:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    if errors or (strict and warnings):
        sys.exit(USER_ERROR)
    if not result.diagnostics and result.model is not None:
        m = result.model
        click.echo(
            f"ok: {len(m.elements)} elements, {len(m.relationships)} relationships, {len(m.views)} views",
            err=True,
        )


def _load_mkdocs_config(config_file: Path, **overrides: Any) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not config_file.is_file():
        _fail(f"{config_file} not found: run radoc from the project folder or pass -f")
    try:
        return load_config(config_file=str(config_file), **overrides)
    except ConfigurationError as exc:
        _fail(f"{config_file}: {exc}")


def _quiet_mkdocs(verbose: bool, line: ProgressLine | None = None) -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    if line is not None:
        logger.handlers[0].addFilter(line.before_log)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _say(message: str) -> None:
    click.echo(message, err=True)


engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="mkdocs",
    show_default=True,
    help="The site generator: MkDocs (mkdocs-material), or Zensical (install radoc[zensical]).",
)


@main.command()
@click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(path_type=Path)
)
@click.option(
    "-d",
    "--site-dir",
    default=None,
    type=click.Path(path_type=Path),
    help="Output folder (default: the site_dir of mkdocs.yml).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings, radoc's and the engine's.")
@click.option(
    "--site-url",
    envvar="RADOC_SITE_URL",
    default=None,
    help="The address the site is published at, in place of site_url of mkdocs.yml "
    "(environment: RADOC_SITE_URL).",
)
@click.option("--force", is_flag=True, help="Build even when nothing changed since the last build.")
@click.option("-v", "--verbose", is_flag=True)
@engine_option
def build(
    config_file: Path,
    site_dir: Path | None,
    strict: bool,
    site_url: str | None,
    force: bool,
    verbose: bool,
    engine: str,
) -> None:
    """Generate the pages and build the site. A failed build keeps the last good site; a site
    whose inputs are all as they were when it was built is left as it is."""
    from . import fresh

    if engine == "zensical":  # Zensical keeps its own cache: it always builds
        from .engines.zensical import build_site

        target = build_site(config_file, site_dir, strict, verbose, _say, site_url)
        shown = os.path.relpath(target)
        click.echo(
            f"site built in {shown}/ with Zensical — serve it with `radoc serve --engine zensical` (or open {shown}/index.html)",
            err=True,
        )
        return

    flags = {"strict": strict, "site_url": site_url or ""}
    guess = site_dir if site_dir is not None else fresh.site_dir_of(config_file)
    if not force and guess is not None and config_file.is_file():
        # told from the stamp beside the site, before MkDocs or the generator is even loaded
        site = guess.resolve()
        if fresh.site_is_current(site, fresh.options("build", config_file, site, **flags)).current:
            _up_to_date(site)
            return

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from . import partial, plugin

    line = ProgressLine(sys.stderr)  # a status line on a terminal, nothing elsewhere
    click.get_current_context().call_on_close(line.clear)  # before any error is printed
    _quiet_mkdocs(verbose, line)
    plugin.LOG_DIAGNOSTICS = False
    inputs = fresh.begin(config_file)  # the configuration as it is before MkDocs reads it
    overrides: dict[str, Any] = {"strict": True} if strict else {}
    if site_url:
        overrides["site_url"] = site_url
    cfg = _load_mkdocs_config(config_file, **overrides)
    if "radoc" in cfg.plugins:
        radoc_plugin = cfg.plugins["radoc"]
        if line.enabled:
            radoc_plugin.progress = line
        # the CLI says the plugin's failure itself, once: not MkDocs' copy of it too
        handler = logging.getLogger("mkdocs").handlers[0]

        def not_reported(record: logging.LogRecord) -> bool:
            return not radoc_plugin.reports(record)

        handler.addFilter(not_reported)
        click.get_current_context().call_on_close(lambda: handler.removeFilter(not_reported))
    target = (site_dir or Path(cfg.site_dir)).resolve()
    opts = fresh.options("build", config_file, target, **flags)
    check_site_target(target)
    with folder_lock(target):
        if not force and fresh.check_site(target, opts).current:
            _up_to_date(target)  # another build published these very inputs while we waited
            return
        # every input as it is before the build reads it: a later edit is seen by the next one
        snap = fresh.complete(inputs, cfg, target, opts) if inputs is not None else None
        if isinstance(snap, str):
            if verbose:
                click.echo(f"radoc: always a full build: {snap}", err=True)
            snap = None
        # pages whose output cannot change are copied from the site instead of built again
        pages = partial.for_site(cfg, target, snap, reuse=not force) if snap else None
        if isinstance(pages, str):
            if verbose:
                click.echo(f"radoc: every page is built: {pages}", err=True)
            pages = None
        staging = staging_folder(target)
        cfg.site_dir = str(staging)
        if strict and "radoc" in cfg.plugins:
            cfg.plugins["radoc"].config.strict = True
        if "radoc" in cfg.plugins:
            cfg.plugins["radoc"].publish_to = target
        try:
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                with partial.installed(pages):
                    mkdocs_build(cfg)
            finally:
                cfg.plugins.on_shutdown()
            publish_site(staging, target)
            with contextlib.suppress(OSError):  # without them the next build is a full one
                fresh.stamp_site(target, snap)
                if pages is not None:
                    pages.save()
                if "radoc" in cfg.plugins:  # what its pages show, for a later dirty build
                    cfg.plugins["radoc"].record_shown(target)
        except MkDocsException as exc:
            line.clear()
            cause = getattr(cfg.plugins.get("radoc"), "failure", None)
            if isinstance(cause, DiagnosticsError):
                _print_diagnostics(cause.diagnostics)
                click.echo("build failed; the previous site is unchanged", err=True)
                sys.exit(cause.exit_code)
            if cause is not None:
                raise cause from None
            _fail(f"the site build failed: {exc}; the previous site is unchanged")
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    line.clear()
    if verbose and pages is not None:
        n = pages.counts
        click.echo(
            f"radoc: pages: {n.rendered} rendered, {n.built} built, {n.reused} copied from the "
            "last site",
            err=True,
        )
    click.echo(
        f"site built in {os.path.relpath(target)}/ — serve it with `radoc serve` (or open {os.path.relpath(target)}/index.html)",
        err=True,
    )


def _up_to_date(site: Path) -> None:
    click.echo(
        f"{os.path.relpath(site)}/ is up to date: nothing changed since it was built "
        "(--force builds it anyway)",
        err=True,
    )


@main.command()
@click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(path_type=Path)
)
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@click.option(
    "--dirty",
    is_flag=True,
    help="Rebuild only changed pages (faster on large sites; Zensical always does).",
)
@engine_option
def serve(config_file: Path, dev_addr: str, dirty: bool, engine: str) -> None:
    """Serve the site with live reload; editing architecture/ reloads the browser."""
    if engine == "zensical":
        from .engines.zensical import serve_site

        def on_diagnostics(exc: DiagnosticsError) -> None:
            _print_diagnostics(exc.diagnostics)
            click.echo("radoc: the last good pages stay served", err=True)

        try:
            serve_site(config_file, dev_addr, _say, on_diagnostics)
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
        return
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .engines import check_address

    _quiet_mkdocs(True)
    if not config_file.is_file():
        _fail(f"{config_file} not found: run radoc from the project folder or pass -f")
    check_address(dev_addr)  # before a build that would be served nowhere
    try:
        mkdocs_serve(
            config_file=str(config_file),
            dev_addr=dev_addr,
            livereload=True,
            build_type="dirty" if dirty else None,
        )
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@main.command()
@click.option(
    "-o",
    "--out",
    default="schema",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder for the JSON Schema files.",
)
@click.option(
    "--check", "check_only", is_flag=True, help="Only report whether the files are up to date."
)
def schema(out: Path, check_only: bool) -> None:
    """Write the JSON Schema of the YAML sources (for editor completion and validation)."""

    if check_only:
        stale = stale_schema_files(out)
        for name in stale:
            click.echo(f"{out / name}: out of date; run `radoc schema`", err=True)
        if not stale:
            click.echo(f"{out}: the {len(schema_texts())} schema files are up to date", err=True)
        sys.exit(1 if stale else 0)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text.encode("utf-8"))
            click.echo(f"wrote {path}", err=True)


@main.command()
@click.argument(
    "folder", default=".", type=click.Path(file_okay=False, path_type=Path), required=False
)
@click.option("--title", default=None, help="The site's title (default: the folder's name).")
def init(folder: Path, title: str | None) -> None:
    """Start a new project in FOLDER (default: here) that `radoc build --strict` builds."""
    from .init import init_project

    name = title or folder.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize()
    written = init_project(folder, name or "Reference architecture")
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(
        f"wrote {len(written)} files into {folder}; next: {where}radoc serve, and edit architecture/",
        err=True,
    )


@main.group()
def profile() -> None:
    """Work with profiles (instantiations of the architecture for a team)."""


@profile.command("new")
@click.argument("name")
@click.option(
    "--level", default=None, help="The team's level id (needed when the architecture has levels)."
)
@architecture_option
def profile_new(name: str, level: str | None, architecture: Path) -> None:
    """Write architecture/profiles/NAME.yaml with every component listed and commented."""
    import re

    from .diagnostics import did_you_mean
    from .profile_template import next_step, profile_template, schema_reference
    from .schema import ID_PATTERN, RESERVED_IDS
    from .validate import validate_project

    if not re.fullmatch(ID_PATTERN.strip("^$"), name) or name in RESERVED_IDS:
        _fail(f"{name!r} is not a valid profile id: use lowercase letters, digits and hyphens")
    result = validate_project(architecture)
    if result.model is None:
        _print_diagnostics(result.diagnostics)
        _fail("fix the architecture first")
    assert result.model is not None
    levels = [lv.id for lv in result.model.levels()]
    if level is None and levels:
        _fail(f"the architecture has levels: pass --level with one of {', '.join(levels)}")
    if level is not None and not levels:
        _fail(f"the architecture has no levels; leave out --level {level}")
    if level is not None and level not in levels:
        _fail(
            f"level '{level}' is not defined{did_you_mean(level, levels)}; levels: {', '.join(levels)}"
        )
    target = architecture / "profiles" / f"{name}.yaml"
    if target.exists():
        _fail(f"{target} already exists; radoc does not overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    schema_file = architecture.resolve().parent / "schema" / "profile.schema.json"
    text = profile_template(
        result.model, name, level, schema_reference(target.parent.resolve(), schema_file)
    )
    with target.open("x", encoding="utf-8") as f:  # never replaces a file that appeared meanwhile
        f.write(text)
    click.echo(f"wrote {target}: {next_step(result.model)}, then run `radoc check`", err=True)
    if not schema_file.is_file():  # a pip-installed radoc: the project has no schema/ yet
        folder = os.path.relpath(schema_file.parent)
        click.echo(
            f"its $schema line points at {os.path.relpath(schema_file)}, which does not exist "
            f"yet: `radoc schema -o {folder}` writes it, so editors check the file as you type",
            err=True,
        )


@main.command("export")
@architecture_option
@click.option(
    "--view",
    "views",
    multiple=True,
    help="A view id, one of its diagrams (workflow.lv-1, functional..data) or an element's "
    "context diagram (context.ID); repeatable; all views when omitted.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["svg", "png", "pdf"]),
    help="Repeatable; default: svg.",
)
@click.option(
    "--theme",
    "themes",
    multiple=True,
    type=click.Choice(["light", "dark", "print"]),
    help="Repeatable; default: light.",
)
@click.option(
    "--out",
    default="exports",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Output folder (radoc owns it).",
)
@click.option(
    "--dpi",
    default=200,
    show_default=True,
    type=click.IntRange(36, 1200),
    help="Resolution of PNG files.",
)
@click.option("--links", is_flag=True, help="Keep node links in SVGs (absolute, under --base-url).")
@click.option(
    "--base-url",
    default=None,
    help="The site's address, for --links (default: site_url of mkdocs.yml).",
)
@click.option(
    "--width",
    default=None,
    help="Lay diagrams out for this print width: a length (122mm, 3.5in, 345pt) or lncs, "
    "ieee-column, ieee-page, a4.",
)
@click.option(
    "--height", default=None, help="The text height with --width (default: the preset's)."
)
@click.option(
    "--min-lettering",
    default=7.0,
    show_default=True,
    type=click.FloatRange(1, 72),
    help="Smallest lettering, in pt at print size, before a figure is flagged.",
)
def export_command(
    architecture: Path,
    views: tuple[str, ...],
    formats: tuple[str, ...],
    themes: tuple[str, ...],
    out: Path,
    dpi: int,
    links: bool,
    base_url: str | None,
    width: str | None,
    height: str | None,
    min_lettering: float,
) -> None:
    """Export view diagrams as SVG, PNG or PDF with LaTeX snippets, matrix views as LaTeX
    tables and CSV, and figures.md and figures.tex."""
    from .export import export, figures_of
    from .render.graphviz_run import Renderer
    from .render.paper import print_size
    from .validate import validate_project
    from .write import read_manifest, write_outputs

    if height is not None and width is None:
        raise click.BadParameter("needs --width", param_hint="--height")
    try:
        size = print_size(width, height) if width is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--width/--height") from None
    result = validate_project(architecture)
    if result.model is None:
        _print_diagnostics(result.diagnostics)
        sys.exit(1)
    model = result.model
    figures, _ = figures_of(model, list(views) or None)  # an unknown name fails before any work
    if links and not base_url:
        base_url = _site_url()
        if not base_url:
            _fail(
                "--links needs --base-url (or site_url in mkdocs.yml): exported files live outside the site"
            )
    if links and base_url:
        from .text import url_problem

        problem = url_problem(base_url)
        if problem is not None:
            _fail(f"--base-url {base_url!r} is not a valid http(s) URL: {problem}")
    fmts = list(dict.fromkeys(formats or ("svg",)))
    ths = list(dict.fromkeys(themes or ("light",)))
    total = len(figures) * len(fmts) * len(ths)
    renderer = Renderer(architecture.resolve().parent / ".radoc-cache")
    show = sys.stderr.isatty()
    if show and size is not None:  # the layout search comes before the first file
        click.echo(f"laying out {len(figures)} figure(s) for {size.label}…", err=True)
    with click.progressbar(
        length=total, label="exporting", file=sys.stderr if show else open(os.devnull, "w")
    ) as bar:
        last = 0

        def progress(done: int) -> None:
            nonlocal last
            bar.update(done - last)
            last = done

        exported = export(
            model,
            renderer,
            list(views) or None,
            fmts,
            ths,
            dpi,
            links,
            base_url,
            progress,
            size,
            min_lettering,
            (out.is_dir() and read_manifest(out)) or (),
        )
    write_outputs(out, exported.files, prune=False)
    for p in exported.placements:
        click.echo(f"radoc: {p.summary()}", err=True)
    for w in exported.warnings:
        click.echo(f"radoc: warning: {w}", err=True)
    n = len(exported.files) - 2
    click.echo(f"exported {n} file(s) to {out}/ with figures.md and figures.tex", err=True)


def _site_url() -> str | None:
    path = Path("mkdocs.yml")
    if not path.is_file():
        return None
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may use !!python/name and !ENV tags: read it leniently, for one key
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        _fail(f"mkdocs.yml cannot be read for its site_url ({reason}); pass --base-url instead")
    url = data.get("site_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


@main.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@architecture_option
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    type=click.Choice(["text", "markdown", "json"]),
)
def diff_command(old: str, new: str | None, architecture: Path, fmt: str) -> None:
    """What changed between OLD and NEW: git revisions or folders (NEW: the working tree)."""
    from .diff import (
        InvalidVersion,
        VersionError,
        compare_models,
        format_json,
        format_markdown,
        format_text,
        load_version,
    )

    try:
        old_model, old_label = load_version(old, architecture)
        new_model, new_label = load_version(new, architecture)
    except VersionError as exc:
        _fail(str(exc))
    except InvalidVersion as exc:
        click.echo(f"radoc: {exc.label} does not validate:", err=True)
        _print_diagnostics(exc.diagnostics)
        sys.exit(1)
    diff = compare_models(old_model, new_model, old_label, new_label)
    formatter = {"text": format_text, "markdown": format_markdown, "json": format_json}[fmt]
    # each kind as the newer version calls it (a layer, say, where the schema says group)
    click.echo(formatter(diff, lambda kind: new_model.words(kind).singular), nl=False)
