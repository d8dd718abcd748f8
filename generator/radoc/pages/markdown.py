"""Escaping for the Markdown pages: text from YAML is shown as text, never run as code.

Names and other plain strings are escaped completely. Descriptions keep the Markdown a writer
needs (emphasis, lists, code, links to http(s) pages and to other elements written as
``[text](ref:element-id)``) and lose everything else: raw HTML is shown as text, attribute
lists and snippet includes are neutralised, and links with any other scheme keep only their text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()!|<>#])")
_LINE_START = re.compile(r"^(\s*)(?:([-+#=>])|(\d+)\.)", re.M)
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*((?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\s*\)")
_REF_DEF = re.compile(r"^(\s{0,3})\[([^\]\n]+)\]:", re.M)
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$")
_REF = re.compile(r"^ref:([a-z][a-z0-9-]*)$")
REF_LINK = re.compile(r"\]\(\s*ref:([^)\s]*)")


def escape_md(text: str) -> str:
    """Plain text for a Markdown context (heading, table cell, link text)."""
    text = _LINE_BREAKS.sub(" ", text.replace("&", "&amp;"))
    text = _MD_SPECIALS.sub(lambda m: _escape_char(m.group(1)), text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    # "1. x" would start a list and "- x" a bullet: escape the marker
    if m.group(3) is not None:
        return f"{m.group(1)}{m.group(3)}\\."
    return f"{m.group(1)}\\{m.group(2)}"


def _escape_char(ch: str) -> str:
    if ch == "<":
        return "&lt;"
    if ch == ">":
        return "&gt;"
    return "\\" + ch


def escape_html(text: str) -> str:
    return html.escape(text, quote=True)


def page_title(text: str) -> str:
    """A page title for front matter: themes print titles as raw HTML, so escape them."""
    return yaml_string(escape_html(text))


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (for front matter)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def render_description(text: str, resolve_ref: Callable[[str], str | None]) -> str:
    """Sanitise a description; ``resolve_ref(id)`` gives the relative link of an element."""
    text = text.strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    text = text.replace("--8<--", "--8&lt;--")
    text = _REF_DEF.sub(lambda m: f"{m.group(1)}\\[{m.group(2)}\\]:", text)

    def link(m: re.Match[str]) -> str:
        image, label, url = m.groups()
        if image:
            return label
        ref = _REF.match(url)
        if ref:
            target = resolve_ref(ref.group(1))
            return f"[{label}]({target})" if target else label
        if _SAFE_URL.match(url):
            return f"[{label}]({url})"
        return label

    text = _LINK.sub(link, text)
    # a description never opens a heading, a horizontal rule or a setext underline
    return re.sub(r"^(\s*)(#|={3,}|-{3,}$)", r"\1\\\2", text, flags=re.M)
