"""What the pages call each kind of element.

The engine's own words are neutral, so that any reference architecture can be published with
them; an architecture says it in its own words in ``settings.yaml`` (``kinds:`` with a title,
a singular and an intro per kind), and those win.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import KindWords, SettingsFile


@dataclass(frozen=True)
class Words:
    title: str  # the index page's title and navigation entry
    singular: str  # one element, lower case
    intro: str  # Markdown at the top of the index page


DEFAULT_WORDS: dict[str, Words] = {
    "principle": Words(
        "Principles",
        "principle",
        "The principles the architecture follows; each lists the elements that realise it.",
    ),
    "role": Words("Roles", "role", "The roles that take part, and what each of them cares about."),
    "group": Words("Groups", "group", "The groups that sort the components."),
    "component": Words("Components", "component", "The components of the architecture, by group."),
    "phase": Words("Phases", "phase", "The phases, in order."),
    "activity": Words("Activities", "activity", "What is done in each phase, and by whom."),
    "artifact": Words("Artifacts", "artifact", "What the activities produce and consume."),
    "environment": Words("Environments", "environment", "Where the architecture runs."),
    "level": Words("Levels", "level", "The levels, and how they map to other models."),
    "tool": Words(
        "Tools", "tool", "Tools and platforms, and the components each covers fully or partly."
    ),
    "quality": Words(
        "Quality attributes",
        "quality attribute",
        "Quality attributes that the architecture's decisions trade against each other.",
    ),
}


def words_for(settings: SettingsFile, kind: str) -> Words:
    """The words of one kind: the architecture's where it gives them, the engine's otherwise."""
    default = DEFAULT_WORDS[kind]
    own: KindWords | None = settings.kinds.get(kind)  # type: ignore[call-overload]
    if own is None:
        return default
    return Words(
        own.title or default.title,
        own.singular or default.singular,
        own.intro if own.intro is not None else default.intro,
    )
