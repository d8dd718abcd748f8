"""The configuration Zensical builds from: the user's ``mkdocs.yml``, with radoc's part written out.

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, so everything the radoc plugin does to
the configuration at build time is written into a copy instead: the navigation with radoc's
sections in place of ``radoc://sections``, the Markdown extensions the pages need, radoc's
style sheets and script, and the folders of the assembled project. Tags the user's file
carries (``!ENV``, ``!!python/name:``) are kept as written, for Zensical to resolve.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import EnvironmentProblem
from ..mkdocs_nav import place_sections
from ..plugin import MARKDOWN_EXTENSIONS
from ..urls import ASSETS
from ..validate import display_path

# MkDocs always enables these, whatever the configuration lists
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
RADOC_CSS = (f"{ASSETS}/radoc.css", f"{ASSETS}/radoc-zoom.css")
RADOC_JS = (f"{ASSETS}/radoc-zoom.js",)
# keys of mkdocs.yml that hold a path relative to the file itself
PATH_KEYS = ("INHERIT",)


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag radoc does not resolve (``!ENV``, ``!!python/name:…``)."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return Tagged(tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def read_config(path: Path) -> dict[str, Any]:
    """The user's ``mkdocs.yml`` as plain data (tags kept); one line on a file that does not read."""
    if not path.is_file():
        raise EnvironmentProblem(
            f"{display_path(path)} not found: run radoc from the project folder or pass -f"
        )
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise EnvironmentProblem(f"{display_path(path)} cannot be read: {reason}") from None
    if not isinstance(data, dict):
        raise EnvironmentProblem(f"{display_path(path)} does not hold a mapping of settings")
    return data


def _plugin_entries(plugins: Any) -> list[tuple[str, Any]]:
    """``plugins:`` as (name, options), from either of the forms MkDocs accepts."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    entries: list[tuple[str, Any]] = []
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, str):
            entries.append((item, None))
        elif isinstance(item, dict) and len(item) == 1:
            entries.extend(item.items())
    return entries


@dataclass(frozen=True)
class RadocOptions:
    """The options of the radoc plugin in ``mkdocs.yml`` (its defaults when it is not listed)."""

    architecture: str = "architecture"
    cache: str = ".radoc-cache"
    strict: bool = False
    diff_against: str | None = None


def radoc_options(config: dict[str, Any], path: Path) -> RadocOptions:
    for name, options in _plugin_entries(config.get("plugins")):
        if name != "radoc":
            continue
        given = options if isinstance(options, dict) else {}
        defaults = RadocOptions()
        values: dict[str, Any] = {}
        for key, kind in (
            ("architecture", str),
            ("cache", str),
            ("strict", bool),
            ("diff_against", str),
        ):
            if key not in given or given[key] is None:
                continue
            if not isinstance(given[key], kind):
                raise EnvironmentProblem(
                    f"{display_path(path)}: the radoc plugin's option '{key}' must be "
                    f"{'true or false' if kind is bool else 'a string'}"
                )
            values[key] = given[key]
        return RadocOptions(**{**defaults.__dict__, **values})
    return RadocOptions()


def _extension_name(item: Any) -> str | None:
    name = item if isinstance(item, str) else next(iter(item)) if isinstance(item, dict) else None
    return name.removeprefix("markdown.extensions.") if isinstance(name, str) else None


def markdown_extensions(value: Any) -> list[Any]:
    """The user's extensions, written out with MkDocs' built-in ones and radoc's added where
    missing (Zensical's own defaults apply only when the list is absent, and differ)."""
    if isinstance(value, dict):
        items: list[Any] = [{k: v} if v else k for k, v in value.items()]
    else:
        items = list(value) if isinstance(value, list) else []
    names = {_extension_name(i) for i in items}
    builtins = [e for e in MKDOCS_BUILTIN_EXTENSIONS if e not in names]
    ours = [e for e in MARKDOWN_EXTENSIONS if e not in names]
    return [*builtins, *items, *ours]


def _with(items: Any, added: tuple[str, ...]) -> list[Any]:
    listed = list(items) if isinstance(items, list) else []
    paths = {
        i if isinstance(i, str) else i.get("path") if isinstance(i, dict) else None for i in listed
    }
    return [*listed, *(a for a in added if a not in paths)]


def _relocated(value: Any, root: Path, folder: Path) -> Any:
    """A path relative to ``root`` (the user's mkdocs.yml), written relative to ``folder``."""
    if not isinstance(value, str) or os.path.isabs(value):
        return value
    return os.path.relpath(root / value, folder)


def zensical_config(
    user: dict[str, Any],
    root: Path,
    folder: Path,
    *,
    use_directory_urls: bool,
    hand_written: list[str],
    sections: list[Any],
) -> dict[str, Any]:
    """The configuration of the assembled project in ``folder`` (docs in ``docs/``, the site
    built into ``site/``)."""
    config = dict(user)
    for key in PATH_KEYS:
        if key in config:
            config[key] = _relocated(config[key], root, folder)
    if isinstance(config.get("watch"), list):
        config["watch"] = [_relocated(w, root, folder) for w in config["watch"]]
    theme = config.get("theme")
    if isinstance(theme, dict) and "custom_dir" in theme:
        config["theme"] = {**theme, "custom_dir": _relocated(theme["custom_dir"], root, folder)}
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["use_directory_urls"] = use_directory_urls
    nav = config.get("nav")
    config["nav"] = place_sections(nav if isinstance(nav, list) else None, hand_written, sections)[
        0
    ]
    config["markdown_extensions"] = markdown_extensions(config.get("markdown_extensions"))
    config["extra_css"] = _with(config.get("extra_css"), RADOC_CSS)
    config["extra_javascript"] = _with(config.get("extra_javascript"), RADOC_JS)
    plugins = [
        {name: options} if options is not None else name
        for name, options in _plugin_entries(config.get("plugins"))
        if name != "radoc"
    ]
    if plugins:
        config["plugins"] = plugins
    else:
        config.pop("plugins", None)
    return config


def config_text(config: dict[str, Any], source: str) -> str:
    head = (
        f"# Written by radoc for Zensical from {source}, with radoc's navigation, pages and\n"
        "# assets written out. Edit that file, not this one: radoc rewrites this one.\n"
    )
    body = yaml.dump(
        config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return head + body
