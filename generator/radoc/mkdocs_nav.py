"""radoc's sections in a user's MkDocs navigation: the ``radoc://sections`` placeholder.

The placeholder may stand anywhere in the nav, at any depth:

- as an item of a list (``- radoc://sections``): the sections take its place in that list;
- as the value of a titled item (``- Architecture: radoc://sections``, or the same with
  ``[radoc://sections]`` or a nested list holding it): the sections go under that title.

Everything else in the nav keeps its title and order. A nav without a placeholder gets the
sections at its end; no nav at all lists the hand-written pages (``index.md`` first) and then
the sections. Anything else that starts with ``radoc:`` (a misspelled placeholder, a second
placeholder, a placeholder used as a title) is an error, never a dead link.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .diagnostics import did_you_mean
from .errors import ConfigProblem

PLACEHOLDER = "radoc://sections"
_SCHEME = "radoc:"


def _strings(nav: Any, where: str) -> Iterator[tuple[str, str, bool]]:
    """Every string of the nav, in order: (text, where it stands, whether it is a title)."""
    if isinstance(nav, str):
        yield nav, where, False
    elif isinstance(nav, list):
        for i, item in enumerate(nav, 1):
            yield from _strings(item, f"{where} item {i}")
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(title, str):
                yield title, where, True
            yield from _strings(value, f"{where} '{title}'")


def check_placeholders(nav: list[Any] | None) -> int:
    """How many placeholders the nav holds (0 or 1); raises `ConfigProblem`, naming where it
    stands, for a ``radoc:`` string radoc would not replace or for a second placeholder."""
    found = 0
    for text, where, is_title in _strings(nav or [], "nav"):
        if not text.strip().lower().startswith(_SCHEME):
            continue
        if text != PLACEHOLDER or is_title:
            hint = did_you_mean(text, [PLACEHOLDER]) if text != PLACEHOLDER else ""
            raise ConfigProblem(
                f"mkdocs.yml: {where}{' (its title)' if is_title else ''} is '{text}', "
                f"which radoc does not replace{hint}; "
                f"write '{PLACEHOLDER}' as a nav item or as the value of a titled item"
            )
        found += 1
        if found > 1:
            raise ConfigProblem(
                f"mkdocs.yml: {where} is a second '{PLACEHOLDER}'; radoc's sections go in one place"
            )
    return found


def _replace(item: Any, sections: list[Any]) -> Any:
    """``item`` with the placeholder replaced (lists splice, titled items keep their title)."""
    if isinstance(item, list):
        out: list[Any] = []
        for child in item:
            if child == PLACEHOLDER:
                out.extend(sections)
            else:
                out.append(_replace(child, sections))
        return out
    if isinstance(item, dict):
        return {
            title: list(sections) if value == PLACEHOLDER else _replace(value, sections)
            for title, value in item.items()
        }
    return item


def place_sections(
    user_nav: list[Any] | None, hand_written: list[str], sections: list[Any]
) -> tuple[list[Any], bool]:
    """The nav with radoc's sections placed, and whether a placeholder placed them."""
    if user_nav is None:
        pages = sorted(hand_written, key=lambda p: (p != "index.md", p))
        return [*pages, *sections], False
    if check_placeholders(user_nav) == 0:
        return [*user_nav, *sections], False
    return _replace(user_nav, sections), True
