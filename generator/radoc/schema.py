"""The shape of the YAML sources, as pydantic classes.

These classes are the single definition of the file formats: `validate` checks every document
against them (mapping each pydantic error back to a YAML position), and `radoc schema` writes
their JSON Schema so editors complete and check the files.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from .text import check_doi, check_url

ID_PATTERN = r"^[a-z][a-z0-9-]*$"
ID_MAX = 64
# Names that cannot become pages or that mean something special in a profile.
RESERVED_IDS = frozenset(
    {"index", "none", "in-house", "assets", "search", "con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX)]
SourceKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=ID_MAX)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
IconName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*\.[A-Za-z0-9_]+$")]
# URLs and DOIs are checked by parsing (radoc.text); the pattern is only for editors
Url = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(check_url),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^https?://[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%-]+$",
            "maxLength": 2000,
        }
    ),
]
Doi = Annotated[
    str,
    StringConstraints(max_length=300),
    AfterValidator(check_doi),
    WithJsonSchema({"type": "string", "pattern": "^10\\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+$"}),
]

AutomationMode = Literal["manual", "human-in-the-loop", "automated"]
CoverageLevel = Literal["full", "partial"]
EffectKind = Literal["better", "worse", "neutral"]

# Element kinds: the singular names used in views (`include: kinds:`), with the plural key
# that holds them in a model file and names their folder in the site.
KIND_PLURALS: dict[str, str] = {
    "principle": "principles",
    "role": "roles",
    "group": "groups",
    "component": "components",
    "phase": "phases",
    "activity": "activities",
    "artifact": "artifacts",
    "environment": "environments",
    "level": "levels",
    "tool": "tools",
    "quality": "qualities",
}
ElementKind = Literal[
    "principle",
    "role",
    "group",
    "component",
    "phase",
    "activity",
    "artifact",
    "environment",
    "level",
    "tool",
    "quality",
]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _shorthand(field_name: str, bare: Any) -> Any:
    """Accept a bare value as shorthand for ``{field_name: value}``."""

    def wrap(value: Any) -> Any:
        if isinstance(value, str):
            return {field_name: value}
        return value

    return BeforeValidator(wrap, json_schema_input_type=bare)


class Sourced(Spec):
    sources: tuple[SourceKey, ...] = Field(
        default=(), description="Keys of the bibliography that support this."
    )
    inferred: bool = Field(
        default=False, description="True when this rests on reasoning rather than a source."
    )
    rationale: Text | None = Field(
        default=None, description="One line: why this is inferred (required when inferred)."
    )


class ElementSpec(Sourced):
    id: Id = Field(description="Stable id: lowercase letters, digits, hyphens; the page name.")
    name: Name
    description: Text = Field(description="Two to five sentences of Markdown.")
    code: Annotated[str, StringConstraints(max_length=20)] | None = Field(
        default=None, description="The element's label in its source, e.g. 'P3' or 'C6'."
    )
    tags: tuple[Id, ...] = ()
    icon: IconName | None = Field(
        default=None,
        description="A `diagrams` node class drawn in icon views, e.g. 'onprem.mlops.Mlflow'.",
    )


class Principle(ElementSpec):
    pass


class Role(ElementSpec):
    concerns: tuple[Name, ...] = Field(default=(), description="What this role cares about.")


class Group(ElementSpec):
    group: Id | None = Field(
        default=None, description="The id of the group this group belongs to (groups may nest)."
    )


class Component(ElementSpec):
    group: Id = Field(description="The id of the group the component belongs to.")


class Phase(ElementSpec):
    follows: tuple[Id, ...] = Field(
        default=(), description="Phases that come directly before this one."
    )


class Automation(Spec):
    mode: AutomationMode
    rationale: Text | None = Field(
        default=None, description="Why a person stays involved (expected unless automated)."
    )


class Activity(ElementSpec):
    phase: Id
    roles: tuple[Id, ...] = Field(min_length=1, description="Roles responsible for it.")
    components: tuple[Id, ...] = Field(default=(), description="Components it is performed with.")
    automation: dict[Id, Annotated[Automation, _shorthand("mode", AutomationMode | Automation)]] = (
        Field(
            default_factory=dict,
            description="Per level id: manual, human-in-the-loop or automated (every level "
            "needs one when the architecture has levels).",
        )
    )
    gate: bool = Field(default=False, description="True for a human approval gate.")


class Artifact(ElementSpec):
    pass


class Environment(ElementSpec):
    environment: Id | None = Field(
        default=None,
        description="The id of the environment this one is part of (environments may nest, "
        "as a device fleet inside production).",
    )


class Level(ElementSpec):
    rank: int = Field(ge=0, le=99, description="Order of the levels, 0 being the least mature.")
    maps_to: dict[Annotated[str, StringConstraints(max_length=40)], Name] = Field(
        default_factory=dict, description="Equivalent levels of other maturity models."
    )


class Basis(Spec):
    """Where a claim was checked: the page, the words on it that support the claim, and when."""

    url: Url = Field(description="The page that supports the claim (the tool's own documentation).")
    quote: Text = Field(description="The words on that page that support it, quoted exactly.")
    checked: date = Field(description="When the page was read (YYYY-MM-DD).")


class Coverage(Spec):
    coverage: CoverageLevel
    note: Text | None = None
    basis: Basis | None = Field(
        default=None, description="Where this coverage was checked, and when."
    )


class Tool(ElementSpec):
    url: Url = Field(description="The tool's own site.")
    supports: dict[Id, Annotated[Coverage, _shorthand("coverage", CoverageLevel | Coverage)]] = (
        Field(default_factory=dict, description="Component id → full or partial.")
    )
    category: Literal["open-source", "commercial", "managed-service"] | None = None


class Quality(ElementSpec):
    pass


class Relationship(Sourced):
    id: Id | None = Field(default=None, description="Defaults to '<from>-<verb>-<to>'.")
    from_: Id = Field(alias="from")
    to: Id
    verb: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z ]*[a-z]$", max_length=40)]
    label: Name | None = None
    description: Text | None = None
    feedback: bool = Field(default=False, description="True for a feedback loop.")

    @property
    def rel_id(self) -> str:
        return self.id or f"{self.from_}-{self.verb.replace(' ', '-')}-{self.to}"


class ModelFile(Spec):
    """A file under architecture/model/: any mix of element kinds and relationships."""

    schema_: str | None = Field(default=None, alias="$schema")
    principles: tuple[Principle, ...] = ()
    roles: tuple[Role, ...] = ()
    groups: tuple[Group, ...] = ()
    components: tuple[Component, ...] = ()
    phases: tuple[Phase, ...] = ()
    activities: tuple[Activity, ...] = ()
    artifacts: tuple[Artifact, ...] = ()
    environments: tuple[Environment, ...] = ()
    levels: tuple[Level, ...] = ()
    tools: tuple[Tool, ...] = ()
    qualities: tuple[Quality, ...] = ()
    relationships: tuple[Relationship, ...] = ()


class Author(Spec):
    """An author of a source: a person, or an organization that is cited by its full name."""

    person: Name | None = Field(
        default=None,
        description="A person, as 'Family, Given' or 'Given Family' (a plain string is a person).",
    )
    organization: Name | None = Field(
        default=None,
        description="An organization as author (a company, a standards body, a working group), "
        "cited by its full name, e.g. 'Google Cloud 2020'.",
    )

    @model_validator(mode="after")
    def _one_name(self) -> Author:
        if (self.person is None) == (self.organization is None):
            raise ValueError(
                "not one author: write a person's name, or 'organization:' with the "
                "organization's name"
            )
        return self

    @property
    def name(self) -> str:
        return self.person or self.organization or ""

    @property
    def cited_name(self) -> str:
        """How a short citation names the author: an organization by its whole name, a person
        by the family name ('Family, Given', or the last word of 'Given Family')."""
        if self.organization:
            return self.organization
        person = self.name
        return person.split(",")[0].strip() if "," in person else person.split(" ")[-1]


AuthorEntry = Annotated[Author, _shorthand("person", Name | Author)]


class Source(Spec):
    key: SourceKey
    label: Name | None = Field(
        default=None,
        description="How it is cited in short, e.g. 'Amou Najafabadi 2024' (default: the first "
        "author's family name, or an organization's full name, and the year).",
    )
    type: Literal["article", "inproceedings", "book", "report", "online", "preprint"]
    authors: tuple[AuthorEntry, ...] = Field(
        min_length=1,
        description="People as 'Family, Given' (or 'Given Family' when the family name is the "
        "last word); an organization as {organization: its name}.",
    )
    title: Name
    venue: Name | None = None
    publisher: Name | None = None
    volume: Annotated[str, StringConstraints(max_length=40)] | None = None
    number: Annotated[str, StringConstraints(max_length=40)] | None = None
    pages: Annotated[str, StringConstraints(max_length=40)] | None = None
    year: int = Field(ge=1900, le=2100)
    doi: Doi | None = None
    url: Url | None = None
    note: Text | None = None


class BibliographyFile(Spec):
    schema_: str | None = Field(default=None, alias="$schema")
    sources: tuple[Source, ...] = Field(min_length=1)


class Include(Spec):
    kinds: tuple[ElementKind, ...] = ()
    ids: tuple[Id, ...] = ()
    tags: tuple[Id, ...] = ()
    groups: tuple[Id, ...] = Field(
        default=(),
        description="Groups whose elements the view shows: their components and nested "
        "groups, all the way down.",
    )


class RelationshipFilter(Spec):
    """Which relationships among the included elements a view draws."""

    show: bool = True
    verbs: tuple[str, ...] = Field(default=(), description="Only these verbs; all when empty.")
    feedback: bool | None = Field(default=None, description="Only feedback loops, or none of them.")


def _relationship_filter(value: Any) -> Any:
    if value == "all":
        return {}
    if value == "none":
        return {"show": False}
    return value


class Layout(Spec):
    direction: Literal["LR", "TB", "RL", "BT"] = "LR"
    group_by: Literal["none", "group", "phase"] = "none"
    edge_labels: Literal["auto", "always", "never"] = Field(
        default="auto", description="'auto' labels edges unless the view has many of them."
    )
    lane_width: int = Field(
        default=4,
        ge=1,
        le=20,
        description="Workflow views: at most this many activities side by side in a phase; a "
        "longer phase wraps onto further rows, so the diagram fits a page column.",
    )


Verb = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z ]*[a-z]$", max_length=40)]


class Placement(Spec):
    """Which relationships place an element in an environment (deployment views)."""

    verbs: tuple[Verb, ...] = Field(
        default=("hosts",),
        min_length=1,
        description="A relationship with one of these verbs between an environment and another "
        "element places that element in the environment, whichever way it points "
        "('production hosts api' or 'api runs in production').",
    )


class View(Spec):
    schema_: str | None = Field(default=None, alias="$schema")
    id: Id
    title: Name
    kind: Literal["graph", "overview", "workflow", "matrix", "deployment"] = Field(
        default="graph",
        description="graph: elements and relationships; overview: groups with aggregated "
        "relationships, and one zoomed view per group; workflow: phases as lanes; matrix: a "
        "table; deployment: environments with provider icons.",
    )
    question: Text = Field(description="The question this view answers.")
    description: Text = ""
    order: int = Field(default=100, description="Position in the navigation.")
    include: Include = Include()
    exclude: tuple[Id, ...] = ()
    relationships: Annotated[
        RelationshipFilter,
        BeforeValidator(
            _relationship_filter,
            json_schema_input_type=Literal["all", "none"] | RelationshipFilter,
        ),
    ] = RelationshipFilter()
    layout: Layout = Layout()
    levels: tuple[Id, ...] = Field(
        default=(), description="Maturity levels to draw (workflow); all when empty."
    )
    matrix: Literal["activities-levels", "tools-components"] | None = None
    profile: Id | None = Field(
        default=None,
        description="Deployment views: draw each component with the tool this profile picks.",
    )
    placement: Placement = Field(
        default_factory=Placement,
        description="Deployment views: the relationship verbs that place elements in "
        "environments (default: hosts).",
    )


class Change(Spec):
    elements: tuple[Id, ...] = ()
    relationships: tuple[Id, ...] = ()


class Replacement(Spec):
    old: Id
    new: Id


class Effect(Spec):
    effect: EffectKind
    reason: Text


class Option(Sourced):
    id: Id
    name: Name
    description: Text
    adds: Change = Change()
    removes: Change = Change()
    replaces: tuple[Replacement, ...] = ()
    qualities: dict[Id, Effect] = Field(default_factory=dict)


class Decision(Sourced):
    schema_: str | None = Field(default=None, alias="$schema")
    id: Id
    name: Name
    question: Text
    context: Text
    view: Id = Field(description="The view whose diagram shows each option.")
    baseline: Id = Field(description="The option the reference architecture assumes.")
    options: tuple[Option, ...] = Field(min_length=2)
    consequences: Text = ""
    tags: tuple[Id, ...] = ()


class Profile(Spec):
    schema_: str | None = Field(default=None, alias="$schema")
    id: Id
    name: Name
    description: Text
    level: Id | None = Field(
        default=None, description="The level this team works at (when the architecture has levels)."
    )
    tools: dict[Id, Id] = Field(
        default_factory=dict, description="Component id → tool id, 'none' or 'in-house'."
    )
    decisions: dict[Id, Id] = Field(default_factory=dict, description="Decision id → option id.")
    automation: dict[Id, Annotated[Automation, _shorthand("mode", AutomationMode | Automation)]] = (
        Field(default_factory=dict, description="Activity id → the team's own automation.")
    )


Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class KindWords(Spec):
    """How the pages name one element kind, in the architecture's own words."""

    title: Name | None = Field(
        default=None,
        description="Title of the kind's index page and its navigation entry, e.g. 'Maturity levels'.",
    )
    singular: Name | None = Field(
        default=None,
        description="One element of the kind, in lower case, e.g. 'maturity level'.",
    )
    intro: Text | None = Field(
        default=None, description="Markdown shown at the top of the kind's index page."
    )


class Style(Spec):
    """How the elements with a tag, in a group, or of a kind are drawn in diagrams."""

    tag: Id | None = Field(default=None, description="Elements with this tag.")
    group: Id | None = Field(
        default=None, description="Elements of this group (and of the groups nested in it)."
    )
    kind: ElementKind | None = Field(default=None, description="Elements of this kind.")
    legend: Name = Field(description="The style's entry in diagram legends.")
    fill: Color | None = Field(default=None, description="Fill colour, e.g. '#dbeafe'.")
    stroke: Color | None = Field(default=None, description="Border and text accent colour.")
    shape: (
        Literal[
            "box",
            "ellipse",
            "note",
            "tab",
            "folder",
            "cylinder",
            "component",
            "hexagon",
            "octagon",
            "box3d",
            "parallelogram",
            "diamond",
        ]
        | None
    ) = None
    border: Literal["solid", "dashed", "dotted", "bold"] | None = None
    icon: IconName | None = Field(
        default=None, description="A `diagrams` node class for icon views."
    )


class SettingsFile(Spec):
    """architecture/settings.yaml: the architecture's own words for the pages, and styles."""

    schema_: str | None = Field(default=None, alias="$schema")
    kinds: dict[ElementKind, KindWords] = Field(
        default_factory=dict, description="Element kind → its title, singular and intro."
    )
    styles: tuple[Style, ...] = Field(
        default=(),
        description="Drawing styles by tag, group or kind; when several match an element, "
        "the first listed wins.",
    )


# Which schema each folder of architecture/ is checked against.
DOCUMENT_TYPES: dict[str, type[Spec]] = {
    "model": ModelFile,
    "views": View,
    "decisions": Decision,
    "profiles": Profile,
    "bibliography": BibliographyFile,
    "settings": SettingsFile,
}
