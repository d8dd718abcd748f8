"""Markdown helpers of the page templates. All escaping lives in the text boundary
(`radoc.text`); these are the names the templates and page builders use for it."""

from __future__ import annotations

import html

from ..text import description_html, description_inline, md_attr, md_text

escape_md = md_text
escape_html = md_attr

__all__ = [
    "description_html",
    "description_inline",
    "escape_html",
    "escape_md",
    "page_title",
    "yaml_string",
]


def page_title(text: str) -> str:
    """A page title for front matter: themes print titles as raw HTML, so escape them."""
    return yaml_string(html.escape(text, quote=True))


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (for front matter)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'
