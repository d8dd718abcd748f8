"""The view kinds: one module each, and the registry the build loops over.

A view kind plans a view's diagrams, writes the body of the view's page, may add pages of its
own (an overview's zoomed group views), says which of the view's elements its page lists and
whether its diagrams can be exported. The build never asks which kind a view is; it asks the
view's kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..model import Model, ViewDef
from ..pages.site import PageBuilder
from ..plan import ViewPlan
from ..urls import MKDOCS_LINKS, LinkStyle

# embed(diagram key, page, downloads?) → the HTML block that shows the diagram on that page
Embed = Callable[[str, str, bool], str]


@dataclass(frozen=True)
class PageParts:
    """What a view kind needs to write pages: the model, the page builder, how to embed a
    rendered diagram, and the engine's link style."""

    model: Model
    pages: PageBuilder
    embed: Embed
    links: LinkStyle = MKDOCS_LINKS


class ViewKind(Protocol):
    @property
    def name(self) -> str:
        """The value of a view's ``kind:`` field."""
        ...

    @property
    def exportable(self) -> bool:
        """Whether `radoc export` draws its diagrams."""
        ...

    def plan(self, model: Model, view: ViewDef) -> list[ViewPlan]:
        """The view's diagrams, none for a kind that is a table."""
        ...

    def body(self, parts: PageParts, view: ViewDef, plans: list[ViewPlan], page: str) -> str:
        """The Markdown of the view's page between its question and its element list."""
        ...

    def extra_pages(
        self, parts: PageParts, view: ViewDef, plans: list[ViewPlan]
    ) -> list[tuple[str, str]]:
        """Pages of the view's own beyond its main one, as (path, Markdown)."""
        ...

    def listed(self, view: ViewDef, plans: list[ViewPlan]) -> tuple[str, ...]:
        """The elements the view's page lists, and whose pages name the view: those of its
        members its diagrams show."""
        ...


def registry() -> dict[str, ViewKind]:
    from . import deployment, graph, matrix, overview, workflow

    kinds: list[ViewKind] = [
        graph.KIND,
        overview.KIND,
        workflow.KIND,
        matrix.KIND,
        deployment.KIND,
    ]
    return {k.name: k for k in kinds}


_REGISTRY: dict[str, ViewKind] = {}


def kind_of(view: ViewDef) -> ViewKind:
    if not _REGISTRY:
        _REGISTRY.update(registry())
    return _REGISTRY[view.spec.kind]
