"""Stage 2, validate: documents → Model, or every problem found, each at its YAML position.

Runs in passes (mkdocs-style): schema per file, then ids, then cross references, then lints.
Nothing stops at the first problem; the caller gets all diagnostics at once.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel, ValidationError

from .diagnostics import (
    Diagnostic,
    Pos,
    closest,
    did_you_mean,
    error,
    sort_diagnostics,
    warning,
)
from .load import Document, load_file
from .model import DecisionDef, Element, MemberIndex, Model, ProfileDef, Rel, build_model
from .plan.deployment import ENVIRONMENT, placements
from .render.icons import ICONS_EXTRA, icon_file, icon_names_near, icons_available
from .schema import (
    KIND_PLURALS,
    RESERVED_IDS,
    Activity,
    BibliographyFile,
    Component,
    Decision,
    ElementSpec,
    Environment,
    Group,
    ModelFile,
    Phase,
    Profile,
    Relationship,
    SettingsFile,
    Source,
    Tool,
    View,
)
from .schema_errors import BIBLIOGRAPHY_FILE, SETTINGS_FILE, allowed_keys, translate_all
from .text import description_links, ref_id, url_problem
from .variants import apply_options, introduced_by
from .variants import option as chosen_option

FOLDERS = ("model", "views", "decisions", "profiles")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
BIBLIOGRAPHY = BIBLIOGRAPHY_FILE
SETTINGS = SETTINGS_FILE
VIEW_NODE_LIMIT = 60
# Relationships one picture can draw and still be read: the default architecture's largest
# graph view draws 53 (6 crossings, laid out as a map); synthetic views of 96 among 31
# elements cross 200 to 576 times however they are laid out (see the README's layout table).
VIEW_EDGE_LIMIT = 60
PROFILE_SPECIAL_PICKS = ("none", "in-house")

# words that name an organization, not a person: an author written as a plain string (a person,
# cited by the last word) with one of them is cited as 'Consortium 2019' unless marked
_ORGANIZATION_WORDS = frozenset(
    [
        "agency",
        "alliance",
        "association",
        "board",
        "bureau",
        "centre",
        "center",
        "commission",
        "committee",
        "company",
        "consortium",
        "corporation",
        "council",
        "department",
        "federation",
        "forum",
        "foundation",
        "group",
        "inc",
        "institute",
        "institution",
        "laboratory",
        "league",
        "ltd",
        "ministry",
        "network",
        "office",
        "organisation",
        "organization",
        "partnership",
        "society",
        "team",
        "union",
        "university",
    ]
)


def _reads_like_organization(name: str) -> bool:
    """A plain-string author without a comma ('Family, Given') and with a word of
    ``_ORGANIZATION_WORDS``."""
    words = {w.strip(".").lower() for w in name.split()}
    return "," not in name and bool(words & _ORGANIZATION_WORDS)


_ITEM_CLASSES: dict[str, type[BaseModel]] = {
    plural: ModelFile.model_fields[plural].annotation.__args__[0]  # type: ignore[union-attr]
    for plural in (*KIND_PLURALS.values(), "relationships")
}
_KIND_OF_PLURAL = {plural: kind for kind, plural in KIND_PLURALS.items()}


def _a(word: str) -> str:
    """The word with its indefinite article ('a group', 'an environment')."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


@dataclass
class _Duplicate:
    """An element dropped because its id was taken, and the references that probably mean it."""

    element: Element[ElementSpec]
    diagnostic: int  # its duplicate-id diagnostic, in the checker's list
    references: list[str] = field(default_factory=list)

    @property
    def meant(self) -> str:
        """The id the element's name spells ('Platform API' → 'platform-api')."""
        return "-".join(re.findall("[a-z0-9]+", self.element.spec.name.lower()))


@dataclass
class Result:
    """What `validate_project` found: the model (None on errors) and all diagnostics."""

    model: Model | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when below it."""
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", shown)


def source_files(root: Path) -> list[Path]:
    """Every YAML source of an architecture folder, in a stable order."""
    files = []
    for top in (BIBLIOGRAPHY, SETTINGS):
        if (root / top).is_file():
            files.append(root / top)
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            files.extend(
                sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            )
    return files


def validate_project(root: Path) -> Result:
    """Load and check every file under ``root``; build the model if nothing is wrong."""
    with gc_paused():
        return _validate_project(root)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading builds millions of small acyclic objects; Python's cycle collector would scan
    them again and again (40 % of the time at 10k elements). Pause it, then resume."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate_project(root: Path) -> Result:
    files = source_files(root)
    diags: list[Diagnostic] = []
    if not root.is_dir():
        return Result(
            None,
            [
                error(
                    "no-architecture",
                    "the architecture folder does not exist",
                    Pos(display_path(root)),
                )
            ],
        )
    if not files:
        diags.append(
            error(
                "no-architecture",
                "no YAML sources found (expected model/*.yaml, views/*.yaml)",
                Pos(display_path(root)),
            )
        )
    docs: list[tuple[str, Document]] = []
    unreadable = False
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir() and not os.access(base, os.R_OK | os.X_OK):
            diags.append(
                error(
                    "unreadable",
                    "radoc cannot list this folder: make it readable for this user",
                    Pos(display_path(base)),
                )
            )
            unreadable = True
    inside = root.resolve()
    for path in files:
        if inside not in path.resolve().parents:
            # a link out of the architecture could publish, or quote in a CI log, any file
            diags.append(
                error(
                    "outside-link",
                    "this is a symbolic link to a file outside the architecture folder; "
                    "radoc does not read it: copy the file in instead",
                    Pos(display_path(path)),
                )
            )
            unreadable = True
            continue
        doc, found = load_file(path, display_path(path))
        diags.extend(found)
        unreadable = unreadable or doc is None
        if doc is not None:
            rel = path.relative_to(root)
            top: dict[tuple[str, ...], str] = {
                (BIBLIOGRAPHY,): "bibliography",
                (SETTINGS,): "settings",
            }
            group = top.get(rel.parts, rel.parts[0])
            docs.append((group, doc))
    checker = _Checker()
    for group, doc in docs:
        checker.add_document(group, doc)
    # with a file unread, references into it would be reported as missing: check them only
    # once every file could be read
    diags.extend(checker.diags if unreadable else checker.check())
    diags = sort_diagnostics(diags)
    if any(d.is_error for d in diags):
        return Result(None, diags, files)
    paths = {display_path(f): str(f.resolve()) for f in files}
    model = checker.build(paths)
    return Result(model, sort_diagnostics([*diags, *checker.check_model(model)]), files)


class _Checker:
    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []
        self.elements: list[Element[ElementSpec]] = []
        self.element_docs: dict[str, tuple[Document, tuple[str | int, ...]]] = {}
        self.broken_ids: set[str] = set()
        # elements dropped because their id was taken, with their duplicate-id diagnostic
        self.duplicates: list[_Duplicate] = []
        self.broken_views = False  # a view could not be read, or names what is not defined
        self.unresolved_views: set[str] = set()
        self.rels: list[tuple[Rel, Document, tuple[str | int, ...]]] = []
        self.views: list[tuple[View, Document]] = []
        self.decisions: list[tuple[Decision, Document]] = []
        self.profiles: list[tuple[Profile, Document]] = []
        self.sources: dict[str, Source] = {}
        self.broken_sources: set[str] = set()
        self.bibliography_seen = False
        self.bibliography_broken = False
        self.settings: tuple[SettingsFile, Document] | None = None

    # -- pass 1: schema ---------------------------------------------------------------------
    def add_document(self, group: str, doc: Document) -> None:
        if group == "model":
            self._add_model_file(doc)
        elif group == "bibliography":
            self.bibliography_seen = True
            self._add_bibliography(doc)
        elif group == "views":
            spec = self._validate(View, doc)
            if isinstance(spec, View):
                self.views.append((spec, doc))
            else:
                self.broken_views = True
        elif group == "settings":
            spec = self._validate(SettingsFile, doc)
            if isinstance(spec, SettingsFile):
                self.settings = (spec, doc)
        elif group == "decisions":
            spec = self._validate(Decision, doc)
            if isinstance(spec, Decision):
                self.decisions.append((spec, doc))
        elif group == "profiles":
            spec = self._validate(Profile, doc)
            if isinstance(spec, Profile):
                self.profiles.append((spec, doc))

    def _add_bibliography(self, doc: Document) -> None:
        """Sources are checked one by one, so one broken record does not hide the others."""
        data = doc.data
        if isinstance(data, list):  # the records without their 'sources:' key: read them anyway
            self.diags.append(
                error(
                    "wrong-type",
                    "the file must be a mapping, found a list (put the entries under 'sources:')",
                    doc.pos(),
                )
            )
            self._add_sources(doc, data, ())
            return
        items = data.get("sources") if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(items, list):
            self._validate(BibliographyFile, doc)
            self.bibliography_broken = True  # its keys are unknown, not missing
            return
        extra = {k: v for k, v in data.items() if k not in ("sources", "$schema")}
        if extra:
            self._validate(
                BibliographyFile, Document(doc.file, extra, doc.positions, doc.key_positions)
            )
        self._add_sources(doc, items, ("sources",))
        if not items:
            self.diags.append(error("empty", "'sources' must not be empty", doc.pos(("sources",))))

    def _add_sources(self, doc: Document, items: list[Any], at: tuple[str, ...]) -> None:
        first_at: dict[str, Pos] = {}
        for i, item in enumerate(items):
            spec = self._validate(Source, doc, (*at, i))
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                self.broken_sources.add(item["key"])
            if not isinstance(spec, Source):
                continue
            pos = doc.pos((*at, i, "key"))
            if spec.key in first_at:
                self.diags.append(
                    error(
                        "duplicate-id",
                        f"source key '{spec.key}' is already defined at {first_at[spec.key]}",
                        pos,
                    )
                )
                continue
            first_at[spec.key] = pos
            self.sources[spec.key] = spec
            for j, author in enumerate(spec.authors if spec.label is None else ()):
                if author.organization is None and _reads_like_organization(author.name):
                    cited = author.cited_name
                    self.diags.append(
                        warning(
                            "author-organization",
                            f"author '{author.name}' of source '{spec.key}' reads like an "
                            f"organization but is cited as a person ('{cited} {spec.year}'); "
                            f"write it as {{organization: {author.name}}} to cite its whole name",
                            doc.pos((*at, i, "authors", j)),
                        )
                    )

    def _validate(
        self, cls: type[BaseModel], doc: Document, prefix: tuple[str | int, ...] = ()
    ) -> BaseModel | None:
        data: Any = doc.data
        for part in prefix:
            data = data[part]
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            self.diags.extend(translate_all(exc.errors(), doc, cls, prefix))
            return None

    def _add_model_file(self, doc: Document) -> None:
        if not isinstance(doc.data, dict):
            self.diags.append(
                error(
                    "wrong-type",
                    "a model file must be a mapping of element lists (components:, roles:, ...)",
                    doc.pos(),
                )
            )
            return
        allowed = [k for k in allowed_keys(ModelFile)]
        for key, items in doc.data.items():
            if key == "$schema" or items is None:  # an empty section is fine while editing
                continue
            if key not in _ITEM_CLASSES or not isinstance(items, list):
                # its items are not read: ids declared there must not turn into unknown-refs
                for item in items if isinstance(items, list) else []:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.broken_ids.add(item["id"])
                if key not in _ITEM_CLASSES:
                    self.diags.append(
                        error(
                            "unknown-key",
                            f"unknown key '{key}' in a model file{did_you_mean(key, allowed)}",
                            doc.key_pos((key,)),
                        )
                    )
                else:
                    found = "a mapping" if isinstance(items, dict) else f"'{items}'"
                    self.diags.append(
                        error(
                            "wrong-type", f"'{key}' must be a list, found {found}", doc.pos((key,))
                        )
                    )
                continue
            cls = _ITEM_CLASSES[key]
            for i, item in enumerate(items):
                spec = self._validate(cls, doc, (key, i))
                if spec is None:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.broken_ids.add(item["id"])
                    continue
                if isinstance(spec, Relationship):
                    self.rels.append((Rel(spec, doc.pos((key, i))), doc, (key, i)))
                elif isinstance(spec, ElementSpec):
                    element: Element[ElementSpec] = Element(
                        _KIND_OF_PLURAL[key], spec, doc.pos((key, i))
                    )
                    self._add_element(element, doc, (key, i))

    def _add_element(
        self, element: Element[ElementSpec], doc: Document, path: tuple[str | int, ...]
    ) -> None:
        eid = element.id
        if eid in RESERVED_IDS:
            self.diags.append(
                error(
                    "reserved-id",
                    f"'{eid}' is a reserved name and cannot be an id",
                    doc.pos((*path, "id")),
                )
            )
            self.broken_ids.add(eid)
            return
        if eid in self.element_docs:
            first_doc, first_path = self.element_docs[eid]
            first = first_doc.pos((*first_path, "id"))
            self.diags.append(
                error(
                    "duplicate-id",
                    f"id '{eid}' is already defined at {first}",
                    doc.pos((*path, "id")),
                )
            )
            self.duplicates.append(_Duplicate(element, len(self.diags) - 1))
            return
        self.element_docs[eid] = (doc, path)
        self.elements.append(element)

    # -- passes 2-4 -------------------------------------------------------------------------
    def check(self) -> list[Diagnostic]:
        self.kinds = {e.id: e.kind for e in self.elements}
        self.ranks = {
            e.id: int(getattr(e.spec, "rank", 0)) for e in self.elements if e.kind == "level"
        }
        self._check_relationships()
        self._check_elements()
        self._check_phase_order()
        self._check_group_nesting()
        self._check_settings()
        self._check_level_availability()
        self._check_views()
        self._check_legible_views()
        self._check_view_kinds()
        self._check_decisions()
        self._check_profiles()
        if not icons_available():
            self._warn_icons_missing()
        self._check_unique(((v.id, d) for v, d in self.views), "view")
        self._check_unique(((x.id, d) for x, d in self.decisions), "decision")
        self._check_unique(((x.id, d) for x, d in self.profiles), "profile")
        self._explain_duplicates()
        return self.diags

    def _explain_duplicates(self) -> None:
        """A duplicate that references seem to mean under another id says which: the one real
        mistake is then its id, and those references were not reported."""
        for dup in self.duplicates:
            if not dup.references:
                continue
            meant = max(sorted(set(dup.references)), key=dup.references.count)
            count = dup.references.count(meant)
            named = "1 reference names it" if count == 1 else f"{count} references name it"
            d = self.diags[dup.diagnostic]
            self.diags[dup.diagnostic] = replace(
                d, message=f"{d.message} (did you mean '{meant}'? {named} and no element has it)"
            )

    def _explained(self, ref: str, wanted: tuple[str, ...] | None) -> bool:
        """Whether an undefined ``ref`` follows from another diagnostic: its element failed
        its own checks, or it is most likely the id meant for an element dropped as a
        duplicate (the id its name spells, or closest to it), whose diagnostic then says so."""
        if ref in self.broken_ids:
            return True
        if ref in self.kinds:
            return False
        dropped = [d for d in self.duplicates if wanted is None or d.element.kind in wanted]
        if not dropped:
            return False
        meant = {d.meant: d for d in dropped if d.meant and d.meant not in self.kinds}
        pool = [i for i, k in self.kinds.items() if wanted is None or k in wanted]
        match = closest(ref, [*pool, *meant])
        if match is None or match not in meant or match in self.kinds:
            return False
        meant[match].references.append(ref)
        return True

    def _ref(
        self,
        ref: str,
        doc: Document,
        path: tuple[str | int, ...],
        what: str,
        kinds: Iterable[str] | None = None,
        *,
        key: bool = False,
    ) -> bool:
        """Check that ``ref`` names an element (of one of ``kinds``); report it if not.

        ``key`` says that ``ref`` is a mapping key (so the key's position is reported)."""
        pos = doc.key_pos(path) if key else doc.pos(path)
        wanted = tuple(kinds) if kinds is not None else None
        kind = self.kinds.get(ref)
        if kind is None:
            if self._explained(ref, wanted):
                return False
            pool = [i for i, k in self.kinds.items() if wanted is None or k in wanted]
            self.diags.append(
                error(
                    "unknown-ref",
                    f"{what} '{ref}' is not defined{did_you_mean(ref, pool)}",
                    pos,
                    path,
                )
            )
            return False
        if wanted is not None and kind not in wanted:
            pool = [i for i, k in self.kinds.items() if k in wanted]
            expected = " or ".join(wanted)
            self.diags.append(
                error(
                    "wrong-kind",
                    f"{what} '{ref}' is {_a(kind)}, expected {_a(expected)}"
                    f"{did_you_mean(ref, pool)}",
                    pos,
                    path,
                )
            )
            return False
        return True

    def _check_links(self, text: str | None, doc: Document, path: tuple[str | int, ...]) -> None:
        """Every ``ref:`` link of a Markdown text names an element, and every other link is
        one a page keeps (an http(s) page): the page would show anything else as plain text,
        and an image only as its text. Each diagnostic points at the destination in the text."""
        seen: dict[str, int] = {}
        for what, href in description_links(text or ""):
            nth = seen.get(href, 0)
            seen[href] = nth + 1
            written = re.compile(
                rf"(?<![A-Za-z0-9_-]){re.escape(href[:4])}({re.escape(href[4:])})(?![A-Za-z0-9_-])"
                if href[:4].lower() == "ref:"
                # as written: the parser percent-encodes what a URL may not hold (`<`, spaces)
                else rf"(?<![^\s(<:])(?:{re.escape(href)}|{re.escape(unquote(href))})"
            )
            pos = doc.pos_in_value(path, written, nth) or doc.pos(path)
            if what == "image":
                self.diags.append(
                    warning(
                        "image",
                        f"image '{href}' is not shown: a description shows only its text; "
                        "link to it instead",
                        pos,
                        path,
                    )
                )
                continue
            if href[:4].lower() != "ref:":
                problem = url_problem(href)
                if problem is not None:
                    why = (
                        "a description links only to http(s) pages and to elements (ref:id)"
                        if href.partition(":")[0].lower() not in ("http", "https")
                        else problem
                    )
                    self.diags.append(
                        warning(
                            "plain-link", f"link '{href}' is shown as plain text: {why}", pos, path
                        )
                    )
                continue
            target = ref_id(href)
            if target is not None and (target in self.kinds or self._explained(target, None)):
                continue
            if target is None:
                message = (
                    f"link '{href}' names no element: an id is lowercase letters, digits and "
                    f"hyphens{did_you_mean(href[4:].lower(), self.kinds)}"
                )
                self.diags.append(error("bad-link", message, pos, path))
                continue
            self.diags.append(
                error(
                    "unknown-ref",
                    f"linked element '{target}' is not defined{did_you_mean(target, self.kinds)}",
                    pos,
                    path,
                )
            )

    def _check_sources(
        self, sources: tuple[str, ...], doc: Document, path: tuple[str | int, ...]
    ) -> None:
        if self.bibliography_broken:
            return  # the bibliography's own diagnostic says why no key is known
        for i, key in enumerate(sources):
            if key not in self.sources and key not in self.broken_sources:
                missing = (
                    did_you_mean(key, self.sources)
                    if self.bibliography_seen
                    else f": there is no {BIBLIOGRAPHY} to define it"
                )
                self.diags.append(
                    error(
                        "unknown-source",
                        f"source '{key}' is not in the bibliography{missing}",
                        doc.pos((*path, "sources", i)),
                    )
                )

    def _check_sourced(
        self, spec: Any, doc: Document, path: tuple[str | int, ...], what: str
    ) -> None:
        self._check_sources(spec.sources, doc, path)
        if spec.inferred and not spec.rationale:
            self.diags.append(
                error(
                    "missing-rationale",
                    f"{what} is marked inferred but has no rationale",
                    doc.pos(path),
                )
            )
        if not spec.sources and not spec.inferred:
            self.diags.append(
                warning(
                    "unsourced",
                    f"{what} has no sources; add sources or 'inferred: true' with a rationale",
                    doc.pos(path),
                )
            )

    def _check_elements(self) -> None:
        levels = [e.id for e in self.elements if e.kind == "level"]
        for element in self.elements:
            doc, path = self.element_docs[element.id]
            spec = element.spec
            self._check_sourced(spec, doc, path, f"{element.kind} '{element.id}'")
            self._check_links(spec.description, doc, (*path, "description"))
            if spec.icon is not None and icons_available() and icon_file(spec.icon) is None:
                hint = did_you_mean(spec.icon, icon_names_near(spec.icon))
                self.diags.append(
                    error(
                        "unknown-icon",
                        f"icon '{spec.icon}' is not a node class of the diagrams package{hint}",
                        doc.pos((*path, "icon")),
                    )
                )
            if isinstance(spec, Component | Group) and spec.group is not None:
                self._ref(spec.group, doc, (*path, "group"), "group", ["group"])
            elif isinstance(spec, Environment) and spec.environment is not None:
                self._ref(
                    spec.environment, doc, (*path, "environment"), "environment", ["environment"]
                )
            elif isinstance(spec, Phase):
                for i, p in enumerate(spec.follows):
                    self._ref(p, doc, (*path, "follows", i), "phase", ["phase"])
            elif isinstance(spec, Activity):
                self._check_activity(spec, doc, path, levels)
            elif isinstance(spec, Tool):
                for comp in spec.supports:
                    self._ref(
                        comp, doc, (*path, "supports", comp), "component", ["component"], key=True
                    )

    def _check_activity(
        self, spec: Activity, doc: Document, path: tuple[str | int, ...], levels: list[str]
    ) -> None:
        self._ref(spec.phase, doc, (*path, "phase"), "phase", ["phase"])
        for i, role in enumerate(spec.roles):
            self._ref(role, doc, (*path, "roles", i), "role", ["role"])
        for i, comp in enumerate(spec.components):
            self._ref(comp, doc, (*path, "components", i), "component", ["component"])
        for level_id, auto in spec.automation.items():
            known = self._ref(
                level_id, doc, (*path, "automation", level_id), "level", ["level"], key=True
            )
            if (
                known
                and auto.mode != "automated"
                and not auto.rationale
                and self._rank(level_id) > 0
            ):
                self.diags.append(
                    warning(
                        "missing-rationale",
                        f"activity '{spec.id}' keeps a person involved at level '{level_id}' ({auto.mode}) without a rationale",
                        doc.pos((*path, "automation", level_id)),
                    )
                )
        missing = [lv for lv in levels if lv not in spec.automation]
        if missing:
            self.diags.append(
                error(
                    "missing-level",
                    f"activity '{spec.id}' has no automation for level(s) {', '.join(missing)}",
                    doc.pos((*path, "automation")),
                )
            )

    def _rank(self, level_id: str) -> int:
        return self.ranks.get(level_id, 0)

    def _check_relationships(self) -> None:
        seen: dict[str, Pos] = {}
        for rel, doc, path in self.rels:
            self._ref(rel.source, doc, (*path, "from"), "relationship source")
            self._ref(rel.target, doc, (*path, "to"), "relationship target")
            if rel.source == rel.target:
                self.diags.append(
                    error(
                        "self-reference",
                        f"relationship '{rel.id}' goes from '{rel.source}' to itself",
                        doc.pos(path),
                    )
                )
            if rel.id in seen:
                self.diags.append(
                    error(
                        "duplicate-id",
                        f"relationship '{rel.id}' is already defined at {seen[rel.id]}; give one an 'id'",
                        doc.pos(path),
                    )
                )
            seen.setdefault(rel.id, doc.pos(path))
            self._check_sourced(rel.spec, doc, path, f"relationship '{rel.id}'")

    def _check_level_availability(self) -> None:
        """An activity cannot be automated, or keep a person in the loop, at a level before the
        components it is performed with exist. A relationship from a level to an element says
        the element exists from that level up; an element no level points to exists at all."""
        since: dict[str, tuple[int, str]] = {}
        for rel, _, _ in self.rels:
            if rel.source in self.ranks and self.kinds.get(rel.target, "level") != "level":
                rank = self.ranks[rel.source]
                if rel.target not in since or rank < since[rel.target][0]:
                    since[rel.target] = (rank, rel.source)
        if not since:
            return
        for element in self.elements:
            spec = element.spec
            if not isinstance(spec, Activity):
                continue
            doc, path = self.element_docs[element.id]
            for level_id, auto in spec.automation.items():
                if auto.mode == "manual" or level_id not in self.ranks:
                    continue
                for comp in spec.components:
                    rank, introducer = since.get(comp, (-1, ""))
                    if rank > self.ranks[level_id]:
                        self.diags.append(
                            warning(
                                "level-inconsistent",
                                f"activity '{spec.id}' is {auto.mode} at level '{level_id}' but is "
                                f"performed with '{comp}', which only level '{introducer}' introduces",
                                doc.pos((*path, "automation", level_id)),
                            )
                        )

    def _check_phase_order(self) -> None:
        phases = {e.id: e.spec for e in self.elements if isinstance(e.spec, Phase)}
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        for start in phases:
            if start in state:
                continue
            state[start] = 1
            trail = [start]
            stack = [iter(phases[start].follows)]
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    state[trail.pop()] = 2
                    stack.pop()
                    continue
                if nxt not in phases:
                    continue
                if state.get(nxt) == 1:
                    cycle = [*trail[trail.index(nxt) :], nxt]
                    doc, path = self.element_docs[trail[-1]]
                    self.diags.append(
                        error(
                            "cycle",
                            f"phases follow each other in a cycle: {' → '.join(reversed(cycle))}",
                            doc.pos((*path, "follows")),
                        )
                    )
                elif nxt not in state:
                    state[nxt] = 1
                    trail.append(nxt)
                    stack.append(iter(phases[nxt].follows))

    def _check_group_nesting(self) -> None:
        """A group (an environment) nested in itself, directly or through others, has no place
        to be drawn."""
        for kind, field_name in ((Group, "group"), (Environment, "environment")):
            parent = {
                e.id: getattr(e.spec, field_name)
                for e in self.elements
                if isinstance(e.spec, kind) and getattr(e.spec, field_name) is not None
            }
            self._check_nesting(parent, field_name)

    def _check_nesting(self, parent: dict[str, str], field_name: str) -> None:
        reported: set[str] = set()
        for start in parent:
            trail = [start]
            current = parent.get(start)
            while current is not None and current not in trail:
                trail.append(current)
                current = parent.get(current)
            if current is None or current in reported:
                continue
            cycle = trail[trail.index(current) :]
            reported.update(cycle)
            doc, path = self.element_docs[current]
            self.diags.append(
                error(
                    f"{field_name}-cycle",
                    f"{field_name}s nest in a circle: " + " → ".join([*cycle, current]),
                    doc.pos((*path, field_name)),
                )
            )

    def _check_settings(self) -> None:
        if self.settings is None:
            return
        spec, doc = self.settings
        for kind, words in spec.kinds.items():
            self._check_links(words.intro, doc, ("kinds", kind, "intro"))
        tags = {t for e in self.elements for t in e.spec.tags}
        for i, style in enumerate(spec.styles):
            path: tuple[str | int, ...] = ("styles", i)
            chosen = [k for k in ("tag", "group", "kind") if getattr(style, k) is not None]
            if len(chosen) != 1:
                self.diags.append(
                    error(
                        "style-selector",
                        f"style '{style.legend}' needs exactly one of 'tag', 'group' or 'kind'"
                        + (f" (it has {', '.join(chosen)})" if chosen else ""),
                        doc.pos(path),
                    )
                )
            if style.group is not None:
                self._ref(style.group, doc, (*path, "group"), "group", ["group"])
            if style.tag is not None and style.tag not in tags:
                self.diags.append(
                    warning(
                        "unused-style",
                        f"no element has the tag '{style.tag}'{did_you_mean(style.tag, tags)}",
                        doc.pos((*path, "tag")),
                    )
                )
            looks = ("fill", "stroke", "shape", "border", "icon")
            if all(getattr(style, k) is None for k in looks):
                self.diags.append(
                    error(
                        "empty-style",
                        f"style '{style.legend}' changes nothing; give it a fill, stroke, shape, border or icon",
                        doc.pos(path),
                    )
                )

    def _check_views(self) -> None:
        shown: set[str] = set()
        index = MemberIndex(self.elements)
        for view, doc in self.views:
            self._check_links(view.description, doc, ("description",))
            known = [
                self._ref(ref, doc, ("include", "ids", i), "included element")
                for i, ref in enumerate(view.include.ids)
            ] + [
                self._ref(ref, doc, ("include", "groups", i), "group", ["group"])
                for i, ref in enumerate(view.include.groups)
            ]
            for i, ref in enumerate(view.exclude):
                self._ref(ref, doc, ("exclude", i), "excluded element")
            for i, ref in enumerate(view.levels):
                self._ref(ref, doc, ("levels", i), "level", ["level"])
            profile_ids = [p.id for p, _ in self.profiles]
            if view.profile is not None and view.profile not in profile_ids:
                self.diags.append(
                    error(
                        "unknown-ref",
                        f"profile '{view.profile}' is not defined{did_you_mean(view.profile, profile_ids)}",
                        doc.pos(("profile",)),
                    )
                )
            members = index.members(view)
            if not all(known):  # what the view was meant to show is not known
                self.broken_views = True
                self.unresolved_views.add(view.id)
            elif not members:
                self.diags.append(
                    error(
                        "empty-view", f"view '{view.id}' includes no element", doc.pos(("include",))
                    )
                )
            graphic = view.kind in ("graph", "workflow", "deployment")
            if graphic and len(members) > VIEW_NODE_LIMIT:
                self.diags.append(
                    warning(
                        "view-too-large",
                        f"view '{view.id}' has {len(members)} nodes, more than {VIEW_NODE_LIMIT} can be read in one diagram; split it into smaller views",
                        doc.pos(("include",)),
                    )
                )
            if view.profile is not None and view.kind != "deployment":
                self.diags.append(
                    warning(
                        "unused-field",
                        f"'profile' only changes deployment views; view '{view.id}' is a {view.kind} view",
                        doc.key_pos(("profile",)),
                    )
                )
            if view.kind == "matrix" and view.matrix is None:
                self.diags.append(
                    error(
                        "missing-field",
                        f"matrix view '{view.id}' needs 'matrix: activities-levels' or 'matrix: tools-components'",
                        doc.key_pos(("kind",)),
                    )
                )
            shown.update(members)
        shown |= self._shown_otherwise(index)
        # a view that could not be read may show any element: say nothing until it can
        if self.views and not self.broken_views:
            for element in self.elements:
                if element.id not in shown:
                    doc, path = self.element_docs[element.id]
                    self.diags.append(
                        warning(
                            "not-in-view",
                            f"{element.kind} '{element.id}' is not shown by any view",
                            doc.pos(path),
                        )
                    )

    def _check_legible_views(self) -> None:
        """A graph view draws each of its elements and relationships in one picture: with
        more relationships than ``VIEW_EDGE_LIMIT`` that picture is a tangle (more elements
        than ``VIEW_NODE_LIMIT`` are reported by ``view-too-large`` already)."""
        index = MemberIndex(self.elements, [r for r, _, _ in self.rels])
        for view, doc in self.views:
            if view.kind != "graph":
                continue
            members = index.members(view)
            if len(members) > VIEW_NODE_LIMIT:
                continue
            drawn = len(index.relationships(view, set(members)))
            if drawn > VIEW_EDGE_LIMIT:
                self.diags.append(
                    warning(
                        "illegible-view",
                        f"view '{view.id}' draws {drawn} relationships among {len(members)} "
                        f"elements in one picture; more than {VIEW_EDGE_LIMIT} do not read: "
                        "split it into smaller views (by group, say), or make it an overview "
                        "(kind: overview), which draws the groups and zooms into each",
                        doc.key_pos(("relationships",))
                        if ("relationships",) in doc.key_positions
                        else doc.pos(("include",)),
                    )
                )

    def _shown_otherwise(self, index: MemberIndex) -> set[str]:
        """Elements a reader sees without a view including them: the groups (phases) drawn as
        clusters around a view's components (activities), and qualities that decisions weigh
        (on the decision pages)."""
        shown: set[str] = set()
        specs = {e.id: e.spec for e in self.elements}
        for view, _ in self.views:
            cluster = view.layout.group_by if view.kind != "overview" else "group"
            if cluster == "none":
                continue
            for m in index.members(view):
                spec = specs[m]
                if cluster == "group" and isinstance(spec, Component):
                    shown.add(spec.group)
                elif cluster == "phase" and isinstance(spec, Activity):
                    shown.add(spec.phase)
        for d, _ in self.decisions:
            for o in d.options:
                shown.update(o.qualities)
        return shown

    def _check_view_kinds(self) -> None:
        """Views that would draw nothing, and settings their kind does not read."""
        index = MemberIndex(self.elements)
        for view, doc in self.views:
            given = doc.data if isinstance(doc.data, dict) else {}
            if view.kind != "deployment" and "placement" in given:
                self.diags.append(
                    warning(
                        "unused-field",
                        f"'placement' only changes deployment views; view '{view.id}' is a {view.kind} view",
                        doc.key_pos(("placement",)),
                    )
                )
            if view.kind == "workflow" and not view.levels and not self.ranks:
                self.diags.append(
                    warning(
                        "draws-nothing",
                        f"workflow view '{view.id}' draws nothing: it draws one diagram per "
                        "level, and the architecture defines no level",
                        doc.key_pos(("kind",)),
                    )
                )
            if view.kind == "deployment" and view.id not in self.unresolved_views:
                self._check_placement(view, doc, index.members(view), given)

    def _check_placement(
        self, view: View, doc: Document, members: list[str], given: dict[str, Any]
    ) -> None:
        """A deployment view places elements in environments by relationships: warn when it
        would place none, and say which verbs the relationships it could use have."""
        inside = set(members)
        verbs = view.placement.verbs
        rels = [r for r, _, _ in self.rels]
        found = placements(rels, inside, self.kinds.get, verbs)
        if found:
            self._check_placed(view, doc, members, given, {p.element for p in found})
            return
        at = doc.key_pos(("placement",)) if "placement" in given else doc.key_pos(("kind",))
        envs = [m for m in members if self.kinds.get(m) == ENVIRONMENT]
        named = " or ".join(f"'{v}'" for v in verbs)
        if not envs:
            why = "it includes no environment (add 'environment' to include: kinds:)"
        elif len(envs) == len(members):
            why = "it includes nothing but environments"
        else:
            others = sorted(
                {r.verb for r in rels if placements([r], inside, self.kinds.get, {r.verb})}
            )
            why = f"no relationship with the verb {named} joins one of its environments to another element it includes"
            if others:
                listed = ", ".join(f"'{v}'" for v in others)
                why += f"; the relationships between them have the verb(s) {listed}: add them to 'placement: verbs:'"
        self.diags.append(
            warning("draws-nothing", f"deployment view '{view.id}' places nothing: {why}", at)
        )

    def _check_placed(
        self,
        view: View,
        doc: Document,
        members: list[str],
        given: dict[str, Any],
        placed: set[str],
    ) -> None:
        """A deployment view draws an element only where a relationship of its placement verbs
        puts it: warn for each element it includes that none puts anywhere (it is not drawn)."""
        verbs = view.placement.verbs
        named = " or ".join(f"'{v}'" for v in verbs)
        at = doc.key_pos(("placement",)) if "placement" in given else doc.key_pos(("include",))
        envs = {m for m in members if self.kinds.get(m) == ENVIRONMENT}
        unplaced = [m for m in members if m not in envs and m not in placed]
        if not unplaced:
            return
        verbs_with_envs: dict[str, set[str]] = {m: set() for m in unplaced}
        for r, _, _ in self.rels:  # one pass, however many elements are left out
            if r.source in verbs_with_envs and r.target in envs:
                verbs_with_envs[r.source].add(r.verb)
            elif r.target in verbs_with_envs and r.source in envs:
                verbs_with_envs[r.target].add(r.verb)
        for m in unplaced:
            others = sorted(verbs_with_envs[m])
            why = f"no relationship with the verb {named} puts it in one of the view's environments"
            if others:
                listed = ", ".join(f"'{v}'" for v in others)
                why += f"; its relationships with them have the verb(s) {listed}: add them to 'placement: verbs:'"
            self.diags.append(
                warning(
                    "not-placed",
                    f"deployment view '{view.id}' does not draw {self.kinds[m]} '{m}': {why}",
                    at,
                )
            )

    def check_model(self, model: Model) -> list[Diagnostic]:
        """Checks that need the model built: what each profile's architecture has."""
        found: list[Diagnostic] = []
        docs = {p.id: doc for p, doc in self.profiles}
        brought_in = introduced_by(model)
        for profile in model.profiles:
            p, doc = profile.spec, docs[profile.id]
            arch = apply_options(model, p.decisions)
            if p.tools and not model.tools():
                found.append(
                    warning(
                        "unused-field",
                        f"profile '{p.id}' picks for {len(p.tools)} component(s), but the "
                        "architecture has no tools, so its pages do not show the picks; "
                        "leave 'tools:' out",
                        doc.pos(("tools",)),
                    )
                )
            # without tools in the architecture there is nothing to pick for a component
            for comp in model.components() if model.tools() else ():
                if comp.id in arch.elements and comp.id not in p.tools:
                    found.append(
                        warning(
                            "unpicked-component",
                            f"profile '{p.id}' picks nothing for component '{comp.id}'; write '{comp.id}: none' if that is intended",
                            doc.pos(("tools",)),
                        )
                    )
            for comp_id, pick in p.tools.items():
                if pick == PROFILE_SPECIAL_PICKS[0] or comp_id in arch.elements:
                    continue
                if comp_id not in model.elements:
                    continue
                why = self._why_absent(model, p.decisions, comp_id, brought_in)
                found.append(
                    warning(
                        "absent-component",
                        f"profile '{p.id}' picks '{pick}' for component '{comp_id}', {why}; "
                        f"write '{comp_id}: none' or drop the line",
                        doc.pos(("tools", comp_id)),
                        ("tools", comp_id),
                    )
                )
        return found

    @staticmethod
    def _why_absent(
        model: Model,
        chosen: dict[str, str],
        element_id: str,
        brought_in: dict[str, list[tuple[str, str]]],
    ) -> str:
        """Why a profile's architecture lacks an element: an option it chose removes it, or
        it exists only with options the profile did not choose."""
        for d in model.decisions:
            o = chosen_option(d, chosen.get(d.id, d.spec.baseline))
            if element_id in o.removes.elements or any(r.old == element_id for r in o.replaces):
                return f"which its option '{o.id}' of decision '{d.id}' removes"
        pairs = brought_in.get(element_id, [])
        if pairs:
            listed = " or ".join(f"option '{oid}' of decision '{did}'" for did, oid in pairs)
            return f"which exists only with {listed}"
        return "which its architecture does not have"

    def _check_decisions(self) -> None:
        rel_ids = {r.id for r, _, _ in self.rels}
        for d, doc in self.decisions:
            self._check_sourced(d, doc, (), f"decision '{d.id}'")
            self._check_links(d.context, doc, ("context",))
            self._check_links(d.consequences, doc, ("consequences",))
            if d.view not in {v.id for v, _ in self.views}:
                self.diags.append(
                    error(
                        "unknown-ref",
                        f"view '{d.view}' is not defined{did_you_mean(d.view, [v.id for v, _ in self.views])}",
                        doc.pos(("view",)),
                    )
                )
            option_ids = [o.id for o in d.options]
            if d.baseline not in option_ids:
                self.diags.append(
                    error(
                        "unknown-ref",
                        f"baseline '{d.baseline}' is not an option of decision '{d.id}'{did_you_mean(d.baseline, option_ids)}",
                        doc.pos(("baseline",)),
                    )
                )
            seen: set[str] = set()
            for i, option in enumerate(d.options):
                base = ("options", i)
                if option.id in seen:
                    self.diags.append(
                        error(
                            "duplicate-id",
                            f"decision '{d.id}' has two options with id '{option.id}'",
                            doc.pos((*base, "id")),
                        )
                    )
                seen.add(option.id)
                self._check_links(option.description, doc, (*base, "description"))
                if option.sources or option.inferred:
                    self._check_sourced(option, doc, base, f"option '{option.id}'")
                for change in ("adds", "removes"):
                    ch = getattr(option, change)
                    for j, ref in enumerate(ch.elements):
                        self._ref(ref, doc, (*base, change, "elements", j), "element")
                    for j, ref in enumerate(ch.relationships):
                        if ref not in rel_ids:
                            self.diags.append(
                                error(
                                    "unknown-ref",
                                    f"relationship '{ref}' is not defined{did_you_mean(ref, rel_ids)}",
                                    doc.pos((*base, change, "relationships", j)),
                                )
                            )
                for j, rep in enumerate(option.replaces):
                    self._ref(rep.old, doc, (*base, "replaces", j, "old"), "replaced element")
                    self._ref(rep.new, doc, (*base, "replaces", j, "new"), "replacing element")
                for q in option.qualities:
                    self._ref(q, doc, (*base, "qualities", q), "quality", ["quality"], key=True)

    def _check_profiles(self) -> None:
        tools = {e.id: e.spec for e in self.elements if isinstance(e.spec, Tool)}
        decisions = {d.id: d for d, _ in self.decisions}
        for p, doc in self.profiles:
            self._check_links(p.description, doc, ("description",))
            if p.level is not None and not self.ranks:
                self.diags.append(
                    error(
                        "unknown-ref",
                        f"level '{p.level}' is not defined: the architecture has no levels, "
                        "so leave 'level:' out",
                        doc.pos(("level",)),
                        ("level",),
                    )
                )
            elif p.level is not None:
                self._ref(p.level, doc, ("level",), "level", ["level"])
            elif any(e.kind == "level" for e in self.elements):
                self.diags.append(
                    error(
                        "missing-field",
                        f"profile '{p.id}' needs a 'level': the architecture has levels",
                        doc.pos(),
                    )
                )
            for comp, pick in p.tools.items():
                path = ("tools", comp)
                if not self._ref(comp, doc, path, "component", ["component"], key=True):
                    continue
                if pick in PROFILE_SPECIAL_PICKS:
                    continue
                if pick not in tools and self._explained(pick, ("tool",)):
                    continue  # the tool has its own diagnostic
                if pick not in tools:
                    self.diags.append(self._bad_pick(pick, tools, doc, path))
                elif comp not in tools[pick].supports:
                    able = [t for t, spec in tools.items() if comp in spec.supports]
                    which = (
                        f"; tools that do: {', '.join(able)}"
                        if able
                        else "; no tool in the model does (use 'in-house' or 'none')"
                    )
                    self.diags.append(
                        error(
                            "unsupported-pick",
                            f"tool '{pick}' does not support component '{comp}'{which}",
                            doc.pos(path),
                            path,
                        )
                    )
            for did, oid in p.decisions.items():
                path = ("decisions", did)
                if did not in decisions:
                    self.diags.append(
                        error(
                            "unknown-ref",
                            f"decision '{did}' is not defined{did_you_mean(did, decisions)}",
                            doc.key_pos(path),
                            path,
                        )
                    )
                    continue
                option_ids = [o.id for o in decisions[did].options]
                if oid not in option_ids:
                    self.diags.append(
                        error(
                            "unknown-ref",
                            f"decision '{did}' has no option '{oid}'{did_you_mean(oid, option_ids)}",
                            doc.pos(path),
                            path,
                        )
                    )
            for act, auto in p.automation.items():
                path = ("automation", act)
                self._ref(act, doc, path, "activity", ["activity"], key=True)
                if not auto.rationale:
                    self.diags.append(
                        error(
                            "missing-rationale",
                            f"the override of activity '{act}' needs a rationale",
                            doc.pos(path),
                            path,
                        )
                    )

    def _bad_pick(
        self, pick: str, tools: dict[str, Tool], doc: Document, path: tuple[str | int, ...]
    ) -> Diagnostic:
        """A profile's pick for a component that is neither a tool nor a special pick."""
        special = " or ".join(f"'{s}'" for s in reversed(PROFILE_SPECIAL_PICKS))
        choices = (
            f"; a pick is a tool id, {special}"
            if tools
            else ", and the architecture has no tools: leave 'tools:' out of the profile"
        )
        hint = did_you_mean(pick, [*tools, *PROFILE_SPECIAL_PICKS]) if tools else ""
        kind = self.kinds.get(pick)
        if kind is not None:
            return error(
                "wrong-kind",
                f"'{pick}' is {_a(kind)}, not a tool{choices}{hint}",
                doc.pos(path),
                path,
            )
        return error(
            "unknown-ref", f"tool '{pick}' is not defined{choices}{hint}", doc.pos(path), path
        )

    def _warn_icons_missing(self) -> None:
        """Without the icons extra, say which files cannot be drawn (and that icons go unchecked)."""
        need = f"which need the diagrams package ({ICONS_EXTRA}); radoc build fails without it"
        drawn = [
            (f"view '{v.id}' is drawn with provider icons, {need}", doc.key_pos(("kind",)))
            for v, doc in self.views
            if v.kind == "deployment"
        ] + [
            (f"profile '{p.id}' is drawn with its tools' icons, {need}", doc.key_pos(("tools",)))
            for p, doc in self.profiles
        ]
        with_icon = [self.element_docs[e.id] for e in self.elements if e.spec.icon is not None]
        if not drawn and with_icon:
            doc, path = with_icon[0]
            drawn = [
                (
                    f"icon names are not checked: the diagrams package is not installed ({ICONS_EXTRA})",
                    doc.key_pos((*path, "icon")),
                )
            ]
        self.diags.extend(warning("icons-missing", message, pos) for message, pos in drawn)

    def _check_unique(self, items: Iterable[tuple[str, Document]], what: str) -> None:
        seen: dict[str, Document] = {}
        for item_id, doc in items:
            if item_id in RESERVED_IDS:
                self.diags.append(
                    error(
                        "reserved-id",
                        f"'{item_id}' is a reserved name and cannot be a {what} id",
                        doc.pos(("id",)),
                    )
                )
            if item_id in seen:
                first = seen[item_id].pos(("id",))
                self.diags.append(
                    error(
                        "duplicate-id",
                        f"{what} id '{item_id}' is already defined at {first}",
                        doc.pos(("id",)),
                    )
                )
            seen.setdefault(item_id, doc)

    def build(self, source_paths: dict[str, str]) -> Model:
        return build_model(
            self.elements,
            [r for r, _, _ in self.rels],
            [(v, doc.pos()) for v, doc in self.views],
            [DecisionDef(d, doc.pos()) for d, doc in self.decisions],
            [ProfileDef(p, doc.pos()) for p, doc in self.profiles],
            self.sources,
            source_paths,
            self.settings[0] if self.settings else None,
        )
