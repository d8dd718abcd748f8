"""Themes for exported diagrams: light (as drawn), dark, and print (black on white).

A theme rewrites the colours of a finished DOT source, so every view kind gets every theme.
Print keeps meaning without colour: automation and coverage are also told by letters (M/H/A,
F/P) and line styles that the plans already draw; here fills become white or greys and every
line and text black.
"""

from __future__ import annotations

import re

from ..palette import (
    ADDED,
    AUTOMATION_SWATCH,
    CLUSTER,
    COVERAGE_SWATCH,
    FEEDBACK,
    INK,
    KIND_SWATCH,
    LINE,
    REMOVED,
    dark_map,
)

THEMES = ("light", "dark", "print")
DARK_BACKGROUND = "#0d1117"
ICON_CARD = "#f6f8fa"
_COLOR = re.compile(r"#[0-9a-fA-F]{6}\b")


def _print_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    white, pale, mid, dark = "#ffffff", "#ececec", "#cfcfcf", "#a8a8a8"
    for swatch in KIND_SWATCH.values():
        mapping[swatch.fill] = white
    mapping[CLUSTER.fill] = "#f7f7f7"
    mapping[AUTOMATION_SWATCH["manual"].fill] = white
    mapping[AUTOMATION_SWATCH["human-in-the-loop"].fill] = mid
    mapping[AUTOMATION_SWATCH["automated"].fill] = dark
    mapping[COVERAGE_SWATCH["full"].fill] = dark
    mapping[COVERAGE_SWATCH["partial"].fill] = mid
    mapping[COVERAGE_SWATCH["none"].fill] = white
    mapping[ADDED.fill] = mid
    mapping[REMOVED.fill] = pale
    for light in dark_map():
        mapping.setdefault(light, "#000000")  # every stroke, line and text colour
    mapping[REMOVED.stroke] = "#777777"
    mapping[LINE[0]] = "#000000"
    mapping[FEEDBACK[0]] = "#000000"
    mapping[INK[0]] = "#000000"
    return {k.lower(): v for k, v in mapping.items()}


def themed_source(source: str, theme: str, icons: bool = False) -> str:
    """The DOT ``source`` recoloured for ``theme``."""
    if theme == "light":
        return source
    if theme == "dark":
        if icons:  # provider icons are drawn for light backgrounds: keep them on a light card
            return source.replace("bgcolor=transparent", f'bgcolor="{ICON_CARD}"', 1)
        colours = dark_map()
        out = _COLOR.sub(lambda m: colours.get(m.group(0).lower(), m.group(0)), source)
        return out.replace("bgcolor=transparent", f'bgcolor="{DARK_BACKGROUND}"', 1)
    if theme == "print":
        colours = _print_map()
        out = _COLOR.sub(lambda m: colours.get(m.group(0).lower(), m.group(0)), source)
        return out.replace("bgcolor=transparent", "bgcolor=white", 1)
    raise ValueError(f"unknown theme {theme!r}")
