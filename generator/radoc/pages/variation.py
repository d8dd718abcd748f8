"""Pages of decisions (variation points and their trade-offs) and profiles (instantiations)."""

from __future__ import annotations

from collections.abc import Callable

from ..model import DecisionDef, Model
from ..palette import AUTOMATION_LABEL, AUTOMATION_LETTER
from ..plan import diagram_key
from ..plan.profile import draws_concrete
from ..profiles import IN_HOUSE, NONE, ProfileAnalysis
from ..schema import Tool
from ..urls import DECISIONS_INDEX, PROFILES_INDEX, decision_page, md_link, profile_page, view_page
from ..variants import Changes, option_changes
from ..vocabulary import Words
from .html import tabs
from .markdown import escape_html, escape_md
from .site import PageBuilder, PageContext, md_words

EFFECT_MARK = {"better": "▲", "worse": "▼", "neutral": "●"}

Embed = Callable[[str, str], str]  # (diagram key, page) → HTML


def _names(ctx: PageContext, ids: frozenset[str] | set[str], model: Model) -> str:
    return ", ".join(ctx.link(i) for i in sorted(ids, key=lambda x: (model.element(x).name, x)))


def decision_page_text(pages: PageBuilder, d: DecisionDef, embed: Embed) -> tuple[str, str]:
    model = pages.model
    page = decision_page(d.id)
    ctx = PageContext(model, page, pages.links)
    view = model.view(d.spec.view)
    options = []
    for o in d.spec.options:
        ch = option_changes(model, d, o.id)
        parts = []
        if ch.added_elements:
            parts.append("adds " + _names(ctx, ch.added_elements, model))
        if ch.removed_elements:
            parts.append("removes " + _names(ctx, ch.removed_elements, model))
        rels = relationship_counts(len(ch.added_relationships), len(ch.removed_relationships))
        if rels:
            parts.append(rels)
        if o.id == d.spec.baseline:
            text = "*The reference architecture as drawn in its views.*"
        elif parts:
            text = "*What it changes:* " + "; ".join(parts) + "."
        elif model.tools():
            tools = md_words(model, "tool").plural
            text = f"*It changes no element or relationship; it changes which {tools} and practices fill them.*"
        else:
            text = "*It changes no element or relationship.*"
        options.append(
            {
                "spec": o,
                "baseline": o.id == d.spec.baseline,
                "changes": text,
                "sources": ", ".join(ctx.cite(k) for k in o.sources)
                if o.sources
                else (f"*inferred* — {escape_md(o.rationale or '')}" if o.inferred else ""),
            }
        )
    qualities = [
        q for q in model.of_kind("quality") if any(q.id in o.qualities for o in d.spec.options)
    ]
    head = "".join(f'<th scope="col">{ctx_html_link(ctx, q.id)}</th>' for q in qualities)
    rows = []
    for o in d.spec.options:
        cells = []
        for q in qualities:
            eff = o.qualities.get(q.id)
            if eff is None:
                cells.append("<td>—</td>")
            else:
                cells.append(
                    f'<td class="radoc-effect-{eff.effect}" title="{escape_html(eff.reason)}">'
                    f'<span aria-hidden="true">{EFFECT_MARK[eff.effect]}</span> {eff.effect}</td>'
                )
        rows.append(f'<tr><th scope="row">{escape_html(o.name)}</th>{"".join(cells)}</tr>')
    reasons = []
    for o in d.spec.options:
        items = "".join(
            f"<li><b>{escape_html(model.element(q).name)}</b> — {EFFECT_MARK[e.effect]} {e.effect}: {escape_html(e.reason)}</li>"
            for q, e in o.qualities.items()
            if q in model.elements
        )
        reasons.append(
            f"<details><summary>Why, for {escape_html(o.name)}</summary><ul>{items}</ul></details>"
        )
    qualities_word = escape_html(model.words("quality").plural)
    tradeoffs = (
        '<p class="radoc-matrix-legend">▲ better · ▼ worse · ● neutral, relative to the other options. '
        "Hover a cell for the reason, or open the lists below.</p>\n"
        '<div class="radoc-matrix">\n<table class="radoc-table">\n'
        f"<caption>Options against {qualities_word}</caption>\n"
        f'<thead><tr><th scope="col">Option</th>{head}</tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</div>\n" + "\n".join(reasons)
    )
    drawn_in = f'<a href="{ctx.url(view_page(view.id))}">{escape_html(view.spec.title)}</a>'
    panes = []
    for o in d.spec.options:
        key = diagram_key("decision", d.id, o.id)
        drawing = embed(key, page) if key in pages.diagrams else ""
        panes.append(
            (
                o.name,
                drawing
                + changes_in_words(
                    ctx, option_changes(model, d, o.id), "" if drawing else drawn_in
                ),
            )
        )
    diagrams = tabs(f"options-{d.id}", panes)
    chosen_by = [
        f"[{escape_md(p.spec.name)}]({md_link(page, profile_page(p.id))}): "
        + escape_md(
            next(
                o.name
                for o in d.spec.options
                if o.id == p.spec.decisions.get(d.id, d.spec.baseline)
            )
        )
        for p in model.profiles
    ]
    baseline = next(o for o in d.spec.options if o.id == d.spec.baseline)
    text = pages.render(
        "decision.md.j2",
        page,
        d=d,
        baseline=baseline,
        view=view,
        view_link=md_link(page, view_page(view.id)),
        options=options,
        tradeoffs=tradeoffs,
        diagrams=diagrams,
        drawing_intro=DRAWING_INTRO.get(view.spec.kind, DRAWING_INTRO["graph"]),
        chosen_by=chosen_by,
        origin=pages.origin(d.pos.file, d.pos.line),
    )
    return page, text


def relationship_counts(added: int, removed: int) -> str:
    """'2 relationships added, 1 removed', '1 relationship removed', or '' for none: a zero
    count is left out, and the noun agrees with the first count."""
    counts = [(n, verb) for n, verb in ((added, "added"), (removed, "removed")) if n]
    if not counts:
        return ""
    (first, verb), *rest = counts
    noun = "relationship" if first == 1 else "relationships"
    return ", ".join([f"{first} {noun} {verb}", *(f"{n} {v}" for n, v in rest)])


DRAWING_INTRO = {
    "graph": "Each tab draws what the option changes in context: the elements it adds, removes or "
    "replaces and the elements its changed relationships connect, whichever view they belong "
    "to. What it adds is highlighted, what it removes is dashed, grey and struck through; the "
    "list under the drawing says the same in words.",
    "deployment": "Each tab draws the option as a deployment: the environments in which it adds, "
    "removes or moves elements, with those elements and their icons. What it adds is "
    "highlighted, what it removes is dashed, grey and struck through; the list under the "
    "drawing says the same in words, including changes that place nothing in an environment. "
    "An option that places nothing differently has no drawing; its tab says so.",
}


def changes_in_words(ctx: PageContext, changes: Changes, drawn_in: str = "") -> str:
    """What an option changes, element by element and relationship by relationship (HTML).
    ``drawn_in`` (a link to the decision's view) is given when the option has no drawing."""
    model = ctx.model

    def rel_text(rid: str) -> str:
        rel = model.relationships[rid]
        return (
            f"{ctx_html_link(ctx, rel.source)} <i>{escape_html(rel.verb)}</i> "
            f"{ctx_html_link(ctx, rel.target)}"
        )

    items = [f"<li>adds {ctx_html_link(ctx, e)}</li>" for e in sorted(changes.added_elements)]
    items += [f"<li>removes {ctx_html_link(ctx, e)}</li>" for e in sorted(changes.removed_elements)]
    items += [f"<li>adds: {rel_text(r)}</li>" for r in sorted(changes.added_relationships)]
    items += [f"<li>removes: {rel_text(r)}</li>" for r in sorted(changes.removed_relationships)]
    drawn = not drawn_in
    if not items and drawn:
        return '\n<p class="radoc-changes">No element or relationship changes: the drawing shows what the decision\'s options touch.</p>'
    if not items:
        return (
            '\n<p class="radoc-changes">No element or relationship changes, and no option adds, '
            f"removes or moves anything: every option has the architecture the {drawn_in} view "
            "shows.</p>"
        )
    listed = f'\n<ul class="radoc-changes">{"".join(items)}</ul>'
    if drawn:
        return listed
    return (
        f'\n<p class="radoc-changes">None of these changes is drawn in the {drawn_in} view, '
        "so there is nothing to draw here.</p>" + listed
    )


def ctx_html_link(ctx: PageContext, element_id: str) -> str:
    e = ctx.model.element(element_id)
    return f'<a href="{ctx.url(f"{e.plural}/{e.id}.md")}">{escape_html(e.name)}</a>'


def decisions_index_text(pages: PageBuilder) -> tuple[str, str]:
    model = pages.model
    rows = []
    for d in model.decisions:
        base = next(o.name for o in d.spec.options if o.id == d.spec.baseline)
        rows.append(
            [
                f"[{escape_md(d.spec.name)}]({md_link(DECISIONS_INDEX, decision_page(d.id))})",
                escape_md(d.spec.question),
                ", ".join(escape_md(o.name) for o in d.spec.options),
                escape_md(base),
            ]
        )
    return DECISIONS_INDEX, pages.render(
        "decisions_index.md.j2", DECISIONS_INDEX, rows=rows, profiles=bool(model.profiles)
    )


def counted(n: int, words: Words) -> str:
    """'1 tool', '3 tools': a count with the kind's singular or plural."""
    return f"{n} {words.singular if n == 1 else words.plural}"


def pick_text(ctx: PageContext, pick: str) -> str:
    if pick == NONE:
        return "**none**"
    if pick == IN_HOUSE:
        return "*in-house*"
    return ctx.link(pick)


def profile_page_text(pages: PageBuilder, a: ProfileAnalysis, embed: Embed) -> tuple[str, str]:
    model = pages.model
    p = a.profile
    page = profile_page(p.id)
    ctx = PageContext(model, page, pages.links)
    choices = []
    for d in model.decisions:
        oid = p.spec.decisions.get(d.id, d.spec.baseline)
        o = next(x for x in d.spec.options if x.id == oid)
        better = [
            model.element(q).name
            for q, e in o.qualities.items()
            if e.effect == "better" and q in model.elements
        ]
        worse = [
            model.element(q).name
            for q, e in o.qualities.items()
            if e.effect == "worse" and q in model.elements
        ]
        choices.append(
            [
                f"[{escape_md(d.spec.name)}]({md_link(page, decision_page(d.id))})",
                escape_md(o.name) + (" *(baseline)*" if oid == d.spec.baseline else ""),
                escape_md(", ".join(better)) or "—",
                escape_md(", ".join(worse)) or "—",
            ]
        )
    partial = []
    for c in a.partial:
        tool = model.element(a.picks[c]).spec
        assert isinstance(tool, Tool)
        partial.append([ctx.link(c), ctx.link(a.picks[c]), escape_md(tool.supports[c].note or "")])
    seams = [
        [
            f"{ctx.link(s.source)} ({pick_text(ctx, s.source_pick)})",
            "→",
            f"{ctx.link(s.target)} ({pick_text(ctx, s.target_pick)})",
            escape_md(model.relationships[s.relationship].label),
        ]
        for s in a.seams
    ]
    level = md_words(model, "level").singular
    points = []
    for dp in a.decision_points:
        mark = f'<span class="radoc-auto radoc-auto-{dp.mode}">{AUTOMATION_LETTER[dp.mode]}</span> {AUTOMATION_LABEL[dp.mode]}'
        why = (
            escape_md(dp.rationale)
            if dp.rationale
            else f"{AUTOMATION_LABEL[dp.mode]} at this {level} in the reference architecture"
        )
        if dp.overridden:
            why = "*this team:* " + why
        points.append([ctx.link(dp.activity), mark, ", ".join(ctx.link(r) for r in dp.roles), why])
    # without tools in the architecture a profile records its choices (and its level) only:
    # no tool, gap or seam is counted or listed
    has_tools = bool(model.tools())
    badge = []
    if p.spec.level:
        badge.append(f"{level} {ctx.link(p.spec.level)}")
    if has_tools:
        badge += [
            counted(len(a.tools), md_words(model, "tool")),
            counted(len(a.gaps), Words("gaps", "gap", "")),
            counted(len(a.seams), Words("seams", "seam", "")),
        ]
    if p.spec.level:
        badge.append(
            counted(len(a.decision_points), md_words(model, "activity")) + " with a person involved"
        )
    text = pages.render(
        "profile.md.j2",
        page,
        p=p,
        a=a,
        badge=badge,
        has_tools=has_tools,
        choices=choices,
        concrete=embed(diagram_key("profile", p.id), page) if draws_concrete(model) else "",
        gaps=", ".join(ctx.link(c) for c in a.gaps),
        partial=partial,
        tools=", ".join(pick_text(ctx, t) for t in a.tools),
        in_house=", ".join(ctx.link(c) for c in a.in_house),
        seams=seams,
        seams_diagram=embed(diagram_key("seams", p.id), page) if a.seams else "",
        points=points,
        origin=pages.origin(p.pos.file, p.pos.line),
    )
    return page, text


def profiles_index_text(pages: PageBuilder, analyses: list[ProfileAnalysis]) -> tuple[str, str]:
    model = pages.model
    page = PROFILES_INDEX
    ctx = PageContext(model, page, pages.links)
    headers = [
        f"[{escape_md(a.profile.spec.name)}]({md_link(page, profile_page(a.profile.id))})"
        for a in analyses
    ]
    levels = bool(model.levels())
    tools = bool(model.tools())
    tool, component, activity = (md_words(model, k) for k in ("tool", "component", "activity"))
    level_row = [
        md_words(model, "level").capital,
        *[ctx.link(a.profile.spec.level) if a.profile.spec.level else "—" for a in analyses],
    ]
    summary = [level_row] if levels else []
    if tools:
        summary += [
            [f"{tool.title} used", *[str(len(a.tools)) for a in analyses]],
            ["In-house parts", *[str(len(a.in_house)) for a in analyses]],
            [
                f"{component.title} with no {tool.singular}",
                *[str(len(a.gaps)) for a in analyses],
            ],
            ["Covered only partly", *[str(len(a.partial)) for a in analyses]],
            ["Integration seams", *[str(len(a.seams)) for a in analyses]],
        ]
    else:  # what a profile records without tools: its choices, side by side
        for d in model.decisions:
            link = f"[{escape_md(d.spec.name)}]({md_link(page, decision_page(d.id))})"
            chosen = [a.profile.spec.decisions.get(d.id, d.spec.baseline) for a in analyses]
            names = {o.id: escape_md(o.name) for o in d.spec.options}
            summary.append([link, *[names[c] for c in chosen]])
    if levels:
        summary += [
            [f"Manual {activity.plural}", *[str(a.manual) for a in analyses]],
            [f"Human-in-the-loop {activity.plural}", *[str(a.in_the_loop) for a in analyses]],
        ]
    components = []
    for c in model.components() if tools else ():
        row = [ctx.link(c.id)]
        for a in analyses:
            row.append(
                pick_text(ctx, a.picks[c.id]) if c.id in a.picks else "*not in this architecture*"
            )
        components.append(row)
    return page, pages.render(
        "profiles_index.md.j2",
        page,
        headers=headers,
        summary=summary,
        components=components,
        intro=profiles_intro(model),
    )


def profiles_intro(model: Model) -> str:
    """What a profile records and what its page shows, for what the architecture has."""
    tool, component, level = (md_words(model, k) for k in ("tool", "component", "level"))
    records = []
    shows = []
    if model.levels():
        records.append(level.a)
    if model.tools():
        records.append(f"{tool.a} (or none, or an in-house solution) for each {component.singular}")
        shows += ["what is missing", f"where the {tool.plural} have to be glued together"]
    if model.decisions:
        records.append("an option for each decision")
        if not model.tools():
            shows.append("the architecture its options make")
    if model.levels():
        shows.append("where people stay in the loop")
    command = (
        "`radoc profile new NAME --level LEVEL`" if model.levels() else "`radoc profile new NAME`"
    )
    text = "A profile instantiates the reference architecture for a concrete team"
    if records:
        text += ": " + (
            records[0] if len(records) == 1 else ", ".join(records[:-1]) + ", and " + records[-1]
        )
    text += "."
    if shows:
        text += (
            " Its page shows "
            + (shows[0] if len(shows) == 1 else ", ".join(shows[:-1]) + " and " + shows[-1])
            + "."
        )
    return f"{text} Create one with {command}."
