"""What the pages call each kind of element.

The engine's own words are neutral, so that any reference architecture can be published with
them; an architecture says it in its own words in ``settings.yaml`` (``kinds:`` with a title,
a singular and an intro per kind), and those win. The engine's intros are written in the kinds'
words too: an architecture that calls its roles "Stakeholders" gets "The stakeholders that take
part, …" without writing an intro of its own.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .schema import KindWords, SettingsFile


@dataclass(frozen=True)
class Words:
    title: str  # the index page's title and navigation entry
    singular: str  # one element, lower case
    intro: str  # Markdown at the top of the index page

    @property
    def plural(self) -> str:
        """Several elements, inside a sentence: the title with its first letter in lower case
        ('Maturity levels' → 'maturity levels'), unless the title has capitals of its own
        further on ('IoT devices', 'Big Data Actors'), which stay as written."""
        head, rest = self.title[:1], self.title[1:]
        return self.title if rest != rest.lower() else head.lower() + rest

    @property
    def a(self) -> str:
        """The singular after 'a' or 'an' (by its first letter: 'an activity', 'a tier')."""
        return ("an " if self.singular[:1].lower() in "aeiou" else "a ") + self.singular

    @property
    def capital(self) -> str:
        """The singular at the start of a sentence or in a table heading."""
        return self.singular[:1].upper() + self.singular[1:]


# (title, singular) of each kind when the architecture gives none
DEFAULT_NAMES: dict[str, tuple[str, str]] = {
    "principle": ("Principles", "principle"),
    "role": ("Roles", "role"),
    "group": ("Groups", "group"),
    "component": ("Components", "component"),
    "phase": ("Phases", "phase"),
    "activity": ("Activities", "activity"),
    "artifact": ("Artifacts", "artifact"),
    "environment": ("Environments", "environment"),
    "level": ("Levels", "level"),
    "tool": ("Tools", "tool"),
    "quality": ("Quality attributes", "quality attribute"),
}

# the engine's intros, with each kind named in the architecture's words: ``{this}`` is the
# kind itself, ``{group}``, ``{component}``, … the other kinds (``Words`` objects)
DEFAULT_INTROS: dict[str, str] = {
    "principle": "The {this.plural} the architecture follows; each lists the elements that "
    "realise it.",
    "role": "The {this.plural} that take part, and what each of them cares about.",
    "group": "The {this.plural} that sort the {component.plural}.",
    "component": "The {this.plural} of the architecture, by {group.singular}.",
    "phase": "The {this.plural}, in order.",
    "activity": "What is done in each {phase.singular}, and by whom.",
    "artifact": "What the {activity.plural} produce and consume.",
    "environment": "Where the architecture runs.",
    "level": "The {this.plural}, and how they map to other models.",
    "tool": "The {this.plural}, and the {component.plural} each of them covers fully or partly.",
    "quality": "{this.title} that the architecture's decisions trade against each other.",
}

# in an architecture without activities, nothing may speak of them
INTRO_WITHOUT_ACTIVITIES = {
    "artifact": "The {this.plural} that the elements of the architecture produce and consume.",
}


def _names(settings: SettingsFile, kind: str) -> Words:
    title, singular = DEFAULT_NAMES[kind]
    own: KindWords | None = settings.kinds.get(kind)  # type: ignore[call-overload]
    if own is None:
        return Words(title, singular, "")
    return Words(own.title or title, own.singular or singular, own.intro or "")


def words_for(
    settings: SettingsFile, kind: str, kinds_present: Collection[str] | None = None
) -> Words:
    """The words of one kind: the architecture's where it gives them, the engine's otherwise.
    ``kinds_present``: the kinds the architecture has elements of (all, when not given), so
    that an intro never names a kind the architecture does not have."""
    own: KindWords | None = settings.kinds.get(kind)  # type: ignore[call-overload]
    names = _names(settings, kind)
    if own is not None and own.intro is not None:
        return names
    template = DEFAULT_INTROS[kind]
    if kinds_present is not None and "activity" not in kinds_present:
        template = INTRO_WITHOUT_ACTIVITIES.get(kind, template)
    others = {k: _names(settings, k) for k in DEFAULT_NAMES}
    return Words(names.title, names.singular, template.format(this=names, **others))
