"""Edit one element's description in its YAML file the way a person would: in place, one line
changed, every other line (and so every other element's line number) left as it was."""

from __future__ import annotations

import html
import re
from pathlib import Path


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def description_lines(text: str, element_id: str) -> tuple[int, int, int]:
    """(line of ``description:``, first and last line of its text), 0-based, for the element
    ``element_id`` of a model file."""
    lines = text.splitlines()
    item = re.compile(rf"\s*- id: {re.escape(element_id)}\s*")
    start = next((i for i, line in enumerate(lines) if item.fullmatch(line)), None)
    if start is None:
        raise ValueError(f"no '- id: {element_id}' line")
    key_indent = _indent(lines[start]) + 2
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if line.strip() and _indent(line) < key_indent:
            break  # the next item: the element has no description key of its own
        if _indent(line) == key_indent and line.lstrip().startswith("description:"):
            rest = line.split("description:", 1)[1].strip()
            first = i if rest and rest[0] not in "|>" else i + 1
            last = i
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > key_indent):
                if lines[j].strip():
                    last = j
                j += 1
            return i, first, max(first, last)
        i += 1
    raise ValueError(f"element '{element_id}' has no description line")


def edit_description(path: Path, element_id: str, words: str, at_start: bool) -> None:
    """Insert ``words`` at the start of the element's description (changing its first
    sentence, which diagrams show as a tooltip) or append them at its end (changing only the
    element's page). Line count unchanged."""
    text = path.read_text(encoding="utf-8")
    key, first, last = description_lines(text, element_id)
    lines = text.split("\n")
    value = lines[key].split("description:", 1)[1].strip()
    quote = value[0] if value[:1] in ("'", '"') else ""
    if at_start:
        line = lines[first]
        cut = line.index("description:") + len("description:") if first == key else 0
        head, rest = line[:cut], line[cut:]
        pad = rest[: len(rest) - len(rest.lstrip())] or " "
        rest = rest.lstrip()[len(quote) :]
        lines[first] = f"{head}{pad}{quote}{words} {rest}"
    else:
        line = lines[last].rstrip()
        body = line[: len(line) - len(quote)] if quote and line.endswith(quote) else line
        lines[last] = f"{body} {words}{line[len(body) :]}"
    path.write_text("\n".join(lines), encoding="utf-8")


def page_shows(page: Path, words: str) -> bool:
    """Whether the built HTML ``page`` shows ``words``: radoc writes characters such as
    parentheses in a page's text as character references, which a browser shows as the
    characters, so the page is compared as it reads, not as it is written."""
    return page.is_file() and words in html.unescape(page.read_text(encoding="utf-8"))
