"""Raw HTML blocks for pages: content tabs that hold diagrams.

Diagrams cannot sit inside Markdown tab syntax (indented raw HTML is not passed through), so
radoc writes the tab set itself, in the structure pymdownx.tabbed produces with
`alternate_style: true`; mkdocs-material (and Zensical) style and switch it.
"""

from __future__ import annotations

from .markdown import escape_html


def tabs(set_id: str, items: list[tuple[str, str]]) -> str:
    """A tab set; ``items`` are (label, HTML body) pairs. The first tab is selected."""
    n = len(items)
    inputs = "".join(
        f'<input{" checked" if i == 0 else ""} id="{set_id}-{i + 1}" name="{set_id}" type="radio">'
        for i in range(n)
    )
    labels = "".join(
        f'<label for="{set_id}-{i + 1}">{escape_html(label)}</label>'
        for i, (label, _) in enumerate(items)
    )
    blocks = "\n".join(f'<div class="tabbed-block">\n{body}\n</div>' for _, body in items)
    return (
        f'<div class="tabbed-set tabbed-alternate" data-tabs="{set_id}:{n}">{inputs}'
        f'<div class="tabbed-labels">{labels}</div>\n'
        f'<div class="tabbed-content">\n{blocks}\n</div>\n</div>'
    )
