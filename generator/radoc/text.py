"""The one text boundary: every string from the YAML reaches an output through this module.

One function per output context, and nothing else in radoc builds those strings from YAML text:

- ``md_text``: plain text for a generated Markdown page (headings, table cells, link text, raw
  HTML content and attribute values). The result is HTML-escaped *and* inert for Markdown: every
  character Python-Markdown or one of its extensions gives a meaning (emphasis, links, images,
  attribute lists, code, escapes, entities) is written as a numeric character reference, which
  Markdown passes through untouched and the browser shows as the character.
- ``description_html`` / ``description_inline``: a description, parsed by a real Markdown parser
  (markdown-it-py, raw HTML off) and written back as HTML from an allow-list: paragraphs, lists,
  emphasis, code, line breaks and links to http(s) pages or to other elements (``ref:id``).
  Images keep only their text, headings and quotes become paragraphs; nothing else survives.
- ``dot_label`` / ``dot_html``: text for Graphviz, as a plain (never HTML-like) label, or inside
  an HTML-like label radoc builds itself.
- ``xml_text``: text inside SVG that radoc writes itself.
- ``tex_text``: text for LaTeX.
- ``check_url`` / ``check_doi``: URLs and DOIs are validated by parsing, when the YAML is read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote, urlsplit

import graphviz
from markdown_it import MarkdownIt
from markdown_it.token import Token

# -- Markdown pages ------------------------------------------------------------------------------

# Characters that mean something to HTML, to Python-Markdown or to an extension a site may
# enable (attr_list braces, tables' pipes, pymdownx's ~~, ==, ^^ and $ math).
_INERT_TABLE = str.maketrans({ch: f"&#{ord(ch)};" for ch in "&<>\"'\\`*_[](){}!|#~^=$"})
_LINE_BREAKS = re.compile("[\r\n\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# at the start of a line these open a list: "- x", "+ x", "1. x", "1) x"
_LIST_START = re.compile(r"^(\s*)([-+]|\d+(?=[.)]))")


@lru_cache(maxsize=65536)
def md_text(text: str) -> str:
    """Plain text for any place in a generated page: shown exactly as written, on one line."""
    one_line = _LINE_BREAKS.sub(" ", text).translate(_INERT_TABLE)
    return _LIST_START.sub(
        lambda m: m.group(1) + f"&#{ord(m.group(2)[0])};" + m.group(2)[1:], one_line
    )


def md_attr(text: str) -> str:
    """Text for an attribute value of raw HTML in a page (``title="…"``)."""
    return md_text(text)


# -- descriptions --------------------------------------------------------------------------------

RefResolver = Callable[[str], "str | None"]
_REF = re.compile(r"^ref:([a-z][a-z0-9-]*)$")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # documented: emphasis, lists, code, links; headings, rules, quotes and tables are not
    md.disable(["heading", "lheading", "hr", "blockquote", "html_block", "html_inline"])
    # our renderer decides which links live; the parser's own filter only hides them from us
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def link_target(url: str, resolve_ref: RefResolver) -> str | None:
    """Where a description's link may point: an element (``ref:id``) or an http(s) page."""
    ref = _REF.match(url)
    if ref:
        return resolve_ref(ref.group(1))
    return url if url_problem(url) is None else None


def ref_id(url: str) -> str | None:
    """The element id a ``ref:`` link names, or None when it is not one radoc can resolve."""
    ref = _REF.match(url)
    return ref.group(1) if ref else None


def description_links(text: str) -> list[tuple[str, str]]:
    """Every link and image of a description, in order, as the parser reads them (inline,
    reference and autolinks alike): ``("link", destination)`` or ``("image", source)``, what
    ``link_target`` and the renderer will make of them."""
    if not any(mark in text for mark in ("](", "]:", "<")):  # most link nowhere: no parse
        return []
    found: list[tuple[str, str]] = []
    stack = list(reversed(_parser().parse(text.strip())))
    while stack:
        t = stack.pop()
        if t.type == "link_open":
            found.append(("link", str(t.attrs.get("href", ""))))
        elif t.type == "image":  # an image is never a link: it keeps its text
            found.append(("image", str(t.attrs.get("src", ""))))
            continue
        if t.children:
            stack.extend(reversed(t.children))
    return found


class _Renderer:
    def __init__(self, resolve_ref: RefResolver) -> None:
        self.resolve_ref = resolve_ref

    def inline(self, tokens: list[Token]) -> str:
        out: list[str] = []
        live: list[bool] = []  # of each open link: does it lead anywhere?
        for t in tokens:
            kind = t.type
            if kind == "text":
                out.append(md_text(t.content))
            elif kind == "code_inline":
                out.append(f"<code>{md_text(t.content)}</code>")
            elif kind in ("softbreak",):
                out.append(" ")
            elif kind == "hardbreak":
                out.append("<br>")
            elif kind in ("em_open", "strong_open"):
                out.append(f"<{t.tag}>")
            elif kind in ("em_close", "strong_close"):
                out.append(f"</{t.tag}>")
            elif kind == "link_open":
                href = str(t.attrs.get("href", ""))
                target = link_target(href, self.resolve_ref)
                # a link that may not live keeps only its text
                live.append(target is not None)
                if target is not None:
                    out.append(f'<a href="{md_attr(target)}">')
            elif kind == "link_close":
                if live.pop():
                    out.append("</a>")
            elif kind == "image":  # no image from a description: another host, or a tracker
                out.append(self.inline(t.children or []))
            elif t.children:
                out.append(self.inline(t.children))
            elif t.content:
                out.append(md_text(t.content))
        return "".join(out)

    def blocks(self, tokens: list[Token]) -> str:
        out: list[str] = []
        for t in tokens:
            kind = t.type
            if kind == "inline":
                out.append(self.inline(t.children or []))
            elif kind in ("paragraph_open", "paragraph_close"):
                if not t.hidden:  # tight list items have hidden paragraphs
                    out.append("<p>" if kind.endswith("open") else "</p>")
            elif kind == "bullet_list_open":
                out.append("<ul>")
            elif kind == "ordered_list_open":
                start = t.attrs.get("start")
                out.append(f'<ol start="{int(start)}">' if start not in (None, 1) else "<ol>")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                out.append(f"</{t.tag}>")
            elif kind == "list_item_open":
                out.append("<li>")
            elif kind == "list_item_close":
                out.append("</li>")
            elif kind in ("fence", "code_block"):
                # newlines as references: a blank line would end the page's raw HTML block
                code = "&#10;".join(md_text(line) for line in t.content.rstrip("\n").split("\n"))
                out.append(f"<pre><code>{code}</code></pre>")
        return "".join(out)


def description_html(text: str, resolve_ref: RefResolver) -> str:
    """A description as one HTML block for a Markdown page (no blank line inside it)."""
    body = _Renderer(resolve_ref).blocks(_parser().parse(text.strip()))
    return f'<div class="radoc-description">{body}</div>' if body else ""


def description_inline(text: str, resolve_ref: RefResolver) -> str:
    """A description's text as inline HTML on one line (for table cells and summaries)."""
    renderer = _Renderer(resolve_ref)
    parts = []
    for t in _parser().parse(text.strip()):
        if t.type == "inline":
            parts.append(renderer.inline(t.children or []))
        elif t.type in ("fence", "code_block"):
            parts.append(f"<code>{md_text(t.content.strip())}</code>")
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=65536)
def plain_text(text: str) -> str:
    """A description's words without any markup (for tooltips and accessible names). Kept:
    every diagram that draws an element asks for its description's words again."""
    parts = []
    for t in _parser().parse(text.strip()):
        if t.type == "inline":
            parts.append("".join(c.content for c in _leaves(t.children or [])))
        elif t.type in ("fence", "code_block"):
            parts.append(t.content.strip())
    return " ".join(" ".join(parts).split())


def _leaves(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        if t.type in ("softbreak", "hardbreak"):
            out.append(Token("text", "", 0, content=" "))
        elif t.children:
            out.extend(_leaves(t.children))
        elif t.type in ("text", "code_inline"):
            out.append(t)
    return out


# -- URLs and DOIs -------------------------------------------------------------------------------

# RFC 3986 characters that may stand unencoded in a URL; anything else must be %-encoded
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_DOI_SAFE = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an http(s) URL radoc will link to, or None when it is one."""
    if not _URL_CHARS.match(url):
        bad = next((ch for ch in url if not _URL_CHARS.match(ch)), "")
        shown = repr(bad) if bad.strip() else f"U+{ord(bad):04X}" if bad else "nothing"
        return f"character {shown} must be percent-encoded in a URL"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https"):
        return "only http:// and https:// URLs are allowed"
    if not parts.hostname:
        return "the URL has no host"
    return None


def check_url(url: str) -> str:
    """A pydantic validator: accept an http(s) URL, or say what is wrong with it."""
    problem = url_problem(url)
    if problem is not None:
        raise ValueError(f"not a valid URL ({problem})")
    return url


def check_doi(doi: str) -> str:
    """A pydantic validator for DOIs, by the pattern Crossref recommends for modern DOIs."""
    if not _DOI_SAFE.match(doi):
        raise ValueError(
            "not a DOI radoc can link to (expected 10.NNNN/suffix of letters, digits and - . _ ; ( ) / :)"
        )
    return doi


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


# -- Graphviz ------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def dot_label(text: str) -> str:
    """A plain DOT label or attribute value: backslashes escaped, never read as an HTML-like
    label, line breaks kept as Graphviz's ``\\n``."""
    escaped = graphviz.escape(text).replace("\n", "\\n")
    return graphviz.nohtml(escaped)  # type: ignore[no-any-return]


def dot_label_lines(text: str) -> str:
    """Like ``dot_label`` but line breaks stay real newlines (the ``diagrams`` package counts
    them to size its icon nodes)."""
    return graphviz.nohtml(graphviz.escape(text))  # type: ignore[no-any-return]


def dot_html(text: str) -> str:
    """Text inside an HTML-like Graphviz label that radoc builds itself."""
    return html.escape(text, quote=True)


# -- SVG and LaTeX ---------------------------------------------------------------------------------


def xml_text(text: str) -> str:
    """Text or an attribute value inside SVG that radoc writes itself."""
    return html.escape(text, quote=True)


_TEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}


def tex_text(text: str) -> str:
    """Text for a LaTeX document (captions, table cells)."""
    return "".join(_TEX.get(ch, ch) for ch in _LINE_BREAKS.sub(" ", text))
