"""Stage 2: every kind of mistake yields one diagnostic with its exact text and position."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from radoc.validate import validate_project

BIB = """\
sources:
  - key: paper
    type: article
    authors: [A. Author]
    title: T
    year: 2024
"""
MODEL = """\
groups:
  - id: data
    name: Data
    description: D.
    sources: [paper]
components:
  - id: registry
    name: Registry
    group: data
    description: R.
    sources: [paper]
  - id: serving
    name: Serving
    group: data
    description: S.
    sources: [paper]
relationships:
  - from: registry
    to: serving
    verb: deploys
    sources: [paper]
"""
VIEW = """\
id: functional
title: F
question: Q?
include:
  kinds: [component, group]
"""


def run(tmp_path: Path, files: dict[str, str]) -> list[str]:
    arch = tmp_path / "architecture"
    base = {"bibliography.yaml": BIB, "model/a.yaml": MODEL, "views/functional.yaml": VIEW}
    base.update(files)
    for name, text in base.items():
        if text is None:
            continue
        path = arch / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return [str(d) for d in validate_project(Path("architecture")).diagnostics]
    finally:
        os.chdir(old)


def test_valid_project_has_no_diagnostics(tmp_path: Path) -> None:
    assert run(tmp_path, {}) == []


CASES = {
    "unknown-ref": (
        MODEL.replace("to: serving", "to: servng"),
        "architecture/model/a.yaml:19:9: error [unknown-ref] relationship target 'servng' is not defined (did you mean 'serving'?)",
    ),
    "unknown-key": (
        # no 'missing required field' beside it: the misspelling names the field
        MODEL.replace("    description: R.", "    descripton: R."),
        "architecture/model/a.yaml:10:5: error [unknown-key] unknown key 'descripton' in component (did you mean 'description'?)",
    ),
    "missing-field": (
        MODEL.replace("    name: Registry\n", ""),
        "architecture/model/a.yaml:7:5: error [missing-field] missing required field 'name'",
    ),
    "wrong-type": (
        MODEL.replace("    sources: [paper]\ncomponents", "    sources: paper\ncomponents"),
        "architecture/model/a.yaml:5:14: error [wrong-type] 'sources' must be a list, found 'paper'",
    ),
    "bad-id": (
        MODEL.replace("id: serving", "id: Serving").replace("to: serving", "to: Serving"),
        "architecture/model/a.yaml:12:9: error [bad-id] 'Serving' is not a valid id: use lowercase letters, digits and hyphens, starting with a letter",
        "architecture/model/a.yaml:19:9: error [bad-id] 'Serving' is not a valid id: use lowercase letters, digits and hyphens, starting with a letter",
    ),
    "wrong-kind": (
        MODEL.replace("group: data\n    description: S.", "group: registry\n    description: S."),
        "architecture/model/a.yaml:14:12: error [wrong-kind] group 'registry' is a component, expected a group",
    ),
    "duplicate-id": (
        MODEL.replace("id: serving", "id: registry").replace("to: serving", "to: data"),
        "architecture/model/a.yaml:12:9: error [duplicate-id] id 'registry' is already defined at architecture/model/a.yaml:7:9",
    ),
    "reserved-id": (
        MODEL.replace("id: serving", "id: index").replace("to: serving", "to: data"),
        "architecture/model/a.yaml:12:9: error [reserved-id] 'index' is a reserved name and cannot be an id",
    ),
    "self-reference": (
        MODEL.replace("to: serving", "to: registry"),
        "architecture/model/a.yaml:18:5: error [self-reference] relationship 'registry-deploys-registry' goes from 'registry' to itself",
    ),
    "unknown-source": (
        MODEL.replace(
            "    sources: [paper]\n  - id: serving", "    sources: [papr]\n  - id: serving"
        ),
        "architecture/model/a.yaml:11:15: error [unknown-source] source 'papr' is not in the bibliography (did you mean 'paper'?)",
    ),
    "missing-rationale": (
        MODEL.replace(
            "    description: S.\n    sources: [paper]", "    description: S.\n    inferred: true"
        ),
        "architecture/model/a.yaml:12:5: error [missing-rationale] component 'serving' is marked inferred but has no rationale",
    ),
    "bad-value": (
        MODEL.replace("verb: deploys", "verb: Deploys!"),
        "architecture/model/a.yaml:20:11: error [bad-value] 'verb' must be lowercase words separated by spaces, found 'Deploys!'",
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_model_mistakes(tmp_path: Path, code: str) -> None:
    text, *expected = CASES[code]
    assert run(tmp_path, {"model/a.yaml": text}) == expected


def test_view_mistakes(tmp_path: Path) -> None:
    view = (
        VIEW.replace("kinds: [component, group]", "kinds: [component, group]\n  ids: [regstry]")
        + "kind: grph\n"
    )
    assert run(tmp_path, {"views/functional.yaml": view}) == [
        "architecture/views/functional.yaml:7:7: error [bad-value] 'kind' must be one of graph, overview, workflow, matrix, deployment; found 'grph' (did you mean 'graph'?)",
    ]
    view = VIEW.replace("kinds: [component, group]", "kinds: [component, group]\n  ids: [regstry]")
    assert run(tmp_path, {"views/functional.yaml": view}) == [
        "architecture/views/functional.yaml:6:9: error [unknown-ref] included element 'regstry' is not defined (did you mean 'registry'?)",
    ]


def _tangle(components: int) -> str:
    """A group of ``components`` components, every one feeding every later one."""
    ids = [f"c{i}" for i in range(components)]
    lines = ["groups:", "  - {id: data, name: Data, description: D., sources: [paper]}"]
    lines.append("components:")
    lines += [
        f"  - {{id: {c}, name: {c}, group: data, description: x, sources: [paper]}}" for c in ids
    ]
    lines.append("relationships:")
    lines += [
        f"  - {{from: {a}, to: {b}, verb: feeds, sources: [paper]}}"
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    ]
    return "\n".join(lines) + "\n"


def test_a_graph_view_with_too_many_relationships_for_one_picture(tmp_path: Path) -> None:
    # 11 components: 55 relationships, still one picture; 12: 66, a tangle
    assert run(tmp_path, {"model/a.yaml": _tangle(11)}) == []
    view = VIEW + "relationships: all\n"
    assert run(tmp_path, {"model/a.yaml": _tangle(12), "views/functional.yaml": view}) == [
        "architecture/views/functional.yaml:6:1: warning [illegible-view] view 'functional' draws 66 relationships among 13 elements in one picture; more than 60 do not read: split it into smaller views (by group, say), or make it an overview (kind: overview), which draws the groups and zooms into each",
    ]
    overview = view + "kind: overview\n"
    assert run(tmp_path, {"model/a.yaml": _tangle(12), "views/functional.yaml": overview}) == []


def test_empty_view_is_an_error(tmp_path: Path) -> None:
    view = VIEW.replace("kinds: [component, group]", "kinds: [role]")
    assert run(tmp_path, {"views/functional.yaml": view}) == [
        "architecture/model/a.yaml:2:5: warning [not-in-view] group 'data' is not shown by any view",
        "architecture/model/a.yaml:7:5: warning [not-in-view] component 'registry' is not shown by any view",
        "architecture/model/a.yaml:12:5: warning [not-in-view] component 'serving' is not shown by any view",
        "architecture/views/functional.yaml:5:3: error [empty-view] view 'functional' includes no element",
    ]


def test_warnings_for_unsourced_elements(tmp_path: Path) -> None:
    model = MODEL.replace("    description: S.\n    sources: [paper]", "    description: S.")
    assert run(tmp_path, {"model/a.yaml": model}) == [
        "architecture/model/a.yaml:12:5: warning [unsourced] component 'serving' has no sources; add sources or 'inferred: true' with a rationale",
    ]


def test_phase_cycle(tmp_path: Path) -> None:
    phases = """\
    phases:
      - {id: a, name: A, description: x, follows: [c], inferred: true, rationale: r}
      - {id: b, name: B, description: x, follows: [a], inferred: true, rationale: r}
      - {id: c, name: C, description: x, follows: [b], inferred: true, rationale: r}
    """
    view = VIEW.replace("kinds: [component, group]", "kinds: [component, group, phase]")
    diags = run(tmp_path, {"model/p.yaml": phases, "views/functional.yaml": view})
    assert diags == [
        "architecture/model/p.yaml:3:47: error [cycle] phases follow each other in a cycle: a → b → c → a"
    ]


def test_activity_needs_every_level(tmp_path: Path) -> None:
    acts = """\
    levels:
      - {id: lv-0, name: L0, rank: 0, description: x, sources: [paper]}
      - {id: lv-1, name: L1, rank: 1, description: x, sources: [paper]}
    phases:
      - {id: p, name: P, description: x, sources: [paper]}
    roles:
      - {id: r, name: R, description: x, sources: [paper]}
    activities:
      - id: act
        name: Act
        description: x
        sources: [paper]
        phase: p
        roles: [r]
        automation:
          lv-0: manual
          lv-2: automatic
    """
    view = VIEW.replace(
        "kinds: [component, group]", "kinds: [component, group, level, phase, role, activity]"
    )
    assert run(tmp_path, {"model/b.yaml": acts, "views/functional.yaml": view}) == [
        "architecture/model/b.yaml:17:13: error [bad-value] 'lv-2' must be one of manual, human-in-the-loop, automated; found 'automatic' (did you mean 'automated'?)",
    ]
    acts = acts.replace("lv-2: automatic", "lv-9: automated")
    assert run(tmp_path, {"model/b.yaml": acts, "views/functional.yaml": view}) == [
        "architecture/model/b.yaml:16:7: error [missing-level] activity 'act' has no automation for level(s) lv-1",
        "architecture/model/b.yaml:17:7: error [unknown-ref] level 'lv-9' is not defined (did you mean 'lv-1'?)",
    ]


def test_no_architecture_folder(tmp_path: Path) -> None:
    result = validate_project(tmp_path / "nowhere")
    assert [d.code for d in result.diagnostics] == ["no-architecture"]


ENVIRONMENT = """\
environments:
  - id: prod
    name: Production
    description: P.
    sources: [paper]
relationships:
  - {from: registry, to: prod, verb: runs in, sources: [paper]}
"""
DEPLOYMENT = """\
id: deployment
title: D
kind: deployment
question: Where?
include:
  kinds: [environment, component]
"""


def test_a_deployment_view_that_places_nothing_says_why(tmp_path: Path) -> None:
    files = {"model/e.yaml": ENVIRONMENT, "views/deployment.yaml": DEPLOYMENT}
    assert run(tmp_path, files) == [
        "architecture/views/deployment.yaml:3:1: warning [draws-nothing] deployment view "
        "'deployment' places nothing: no relationship with the verb 'hosts' joins one of its "
        "environments to another element it includes; the relationships between them have the "
        "verb(s) 'runs in': add them to 'placement: verbs:'",
    ]
    # the verbs the view declares place the element, whichever way the relationship points
    placed = DEPLOYMENT + "placement:\n  verbs: [hosts, runs in]\n"
    assert run(tmp_path, {**files, "views/deployment.yaml": placed}) == [
        "architecture/views/deployment.yaml:7:1: warning [not-placed] deployment view "
        "'deployment' does not draw component 'serving': no relationship with the verb 'hosts' "
        "or 'runs in' puts it in one of the view's environments",
    ]
    no_env = DEPLOYMENT.replace("kinds: [environment, component]", "kinds: [component]")
    assert run(tmp_path, {**files, "views/deployment.yaml": no_env}) == [
        "architecture/model/e.yaml:2:5: warning [not-in-view] environment 'prod' is not shown by any view",
        "architecture/views/deployment.yaml:3:1: warning [draws-nothing] deployment view "
        "'deployment' places nothing: it includes no environment (add 'environment' to include: kinds:)",
    ]
    wrong = DEPLOYMENT + "placement:\n  verbs: [deploys]\n"
    assert run(tmp_path, {**files, "views/deployment.yaml": wrong}) == [
        "architecture/views/deployment.yaml:7:1: warning [draws-nothing] deployment view "
        "'deployment' places nothing: no relationship with the verb 'deploys' joins one of its "
        "environments to another element it includes; the relationships between them have the "
        "verb(s) 'runs in': add them to 'placement: verbs:'",
    ]


def test_an_element_a_deployment_view_places_nowhere_is_not_drawn(tmp_path: Path) -> None:
    """Where a view places some of its elements but not others, each one left out is named."""
    placed = ENVIRONMENT.replace(
        "{from: registry, to: prod, verb: runs in", "{from: prod, to: registry, verb: hosts"
    )
    files = {"model/e.yaml": placed, "views/deployment.yaml": DEPLOYMENT}
    assert run(tmp_path / "nowhere", files) == [
        "architecture/views/deployment.yaml:5:1: warning [not-placed] deployment view "
        "'deployment' does not draw component 'serving': no relationship with the verb 'hosts' "
        "puts it in one of the view's environments",
    ]
    # related to an environment by another verb: that verb is named, at 'placement:'
    other = placed + "  - {from: serving, to: prod, verb: runs in, sources: [paper]}\n"
    view = DEPLOYMENT + "placement:\n  verbs: [hosts, deploys]\n"
    files = {"model/e.yaml": other, "views/deployment.yaml": view}
    assert run(tmp_path / "other-verb", files) == [
        "architecture/views/deployment.yaml:7:1: warning [not-placed] deployment view "
        "'deployment' does not draw component 'serving': no relationship with the verb 'hosts' "
        "or 'deploys' puts it in one of the view's environments; its relationships with them "
        "have the verb(s) 'runs in': add them to 'placement: verbs:'",
    ]
    view = DEPLOYMENT + "placement:\n  verbs: [hosts, runs in]\n"
    assert run(tmp_path / "both", {**files, "views/deployment.yaml": view}) == []


def test_placement_on_another_kind_of_view_is_unused(tmp_path: Path) -> None:
    view = VIEW + "placement:\n  verbs: [hosts]\n"
    assert run(tmp_path, {"views/functional.yaml": view}) == [
        "architecture/views/functional.yaml:6:1: warning [unused-field] 'placement' only changes deployment views; view 'functional' is a graph view",
    ]


def test_a_workflow_view_without_levels_draws_nothing(tmp_path: Path) -> None:
    assert run(tmp_path, {"views/functional.yaml": VIEW + "kind: workflow\n"}) == [
        "architecture/views/functional.yaml:6:1: warning [draws-nothing] workflow view "
        "'functional' draws nothing: it draws one diagram per level, and the architecture "
        "defines no level",
    ]


def test_groups_drawn_as_clusters_and_qualities_weighed_by_decisions_are_shown(
    tmp_path: Path,
) -> None:
    clusters = VIEW.replace("kinds: [component, group]", "kinds: [component]")
    assert run(tmp_path, {"views/functional.yaml": clusters}) == [
        "architecture/model/a.yaml:2:5: warning [not-in-view] group 'data' is not shown by any view",
    ]
    assert run(tmp_path, {"views/functional.yaml": clusters + "layout:\n  group_by: group\n"}) == []
    quality = "qualities:\n  - {id: latency, name: Latency, description: L., sources: [paper]}\n"
    decision = """\
    id: serving-style
    name: S
    question: Q?
    context: C.
    view: functional
    baseline: a
    sources: [paper]
    options:
      - {id: a, name: A, description: A., qualities: {latency: {effect: worse, reason: R.}}}
      - {id: b, name: B, description: B.}
    """
    assert run(tmp_path, {"model/q.yaml": quality}) == [
        "architecture/model/q.yaml:2:5: warning [not-in-view] quality 'latency' is not shown by any view",
    ]
    assert run(tmp_path, {"model/q.yaml": quality, "decisions/s.yaml": decision}) == []


def test_sources_without_a_bibliography_are_unknown(tmp_path: Path) -> None:
    message = "error [unknown-source] source 'paper' is not in the bibliography: there is no bibliography.yaml to define it"
    assert run(tmp_path, {"bibliography.yaml": None}) == [
        f"architecture/model/a.yaml:{line}:15: {message}" for line in (5, 11, 16, 21)
    ]


def test_authors_are_people_or_organizations(tmp_path: Path) -> None:
    def with_author(author: str) -> dict[str, str]:
        return {"bibliography.yaml": BIB.replace("[A. Author]", f"\n      - {author}")}

    assert run(tmp_path, with_author("organization: Object Management Group")) == []
    assert run(tmp_path, with_author("organisation: Object Management Group")) == [
        "architecture/bibliography.yaml:5:9: error [unknown-key] unknown key 'organisation' in author (did you mean 'organization'?)",
    ]
    assert run(tmp_path, with_author("{person: A. Author, organization: OMG}")) == [
        "architecture/bibliography.yaml:5:9: error [bad-value] item 1 of 'authors' is not one author: write a person's name, or 'organization:' with the organization's name, found a mapping",
    ]


def test_links_to_elements_name_defined_elements(tmp_path: Path) -> None:
    """A `ref:` link to nothing would be plain text on the page: every Markdown text is checked,
    and the diagnostic points at the id inside the text, wherever the source holds it."""
    model = MODEL.replace(
        "    description: S.",
        '    description: "Reads the [registry](ref:registry), not [x](ref:regi\\x73tri)."',
    )
    view = VIEW + "description: |\n  Both [one](ref:servng)\n  and [two](ref:servng).\n"
    decision = """\
    id: serving-style
    name: S
    question: Q?
    context: The [registry](ref:registy) keeps models.
    consequences: "[Data](ref:Data) grows."
    view: functional
    baseline: a
    sources: [paper]
    options:
      - {id: a, name: A, description: "Uses [serving](ref:serving)."}
      - {id: b, name: B, description: "Uses [nothing](ref:nothing)."}
    """
    profile = "id: team\nname: T\ndescription: Runs [the data group](ref:dta).\n"
    settings = "kinds:\n  group:\n    intro: >-\n      Groups, such as\n      [data](<ref:dat>).\n"
    files = {
        "model/a.yaml": model,
        "views/functional.yaml": view,
        "decisions/s.yaml": decision,
        "profiles/team.yaml": profile,
        "settings.yaml": settings,
    }
    assert run(tmp_path, files) == [
        "architecture/decisions/s.yaml:4:29: error [unknown-ref] linked element 'registy' is not defined (did you mean 'registry'?)",
        "architecture/decisions/s.yaml:5:27: error [bad-link] link 'ref:Data' names no element: an id is lowercase letters, digits and hyphens (did you mean 'data'?)",
        "architecture/decisions/s.yaml:11:55: error [unknown-ref] linked element 'nothing' is not defined",
        # a YAML escape spelled the id out: the value's own position
        "architecture/model/a.yaml:15:18: error [unknown-ref] linked element 'registri' is not defined (did you mean 'registry'?)",
        "architecture/profiles/team.yaml:3:40: error [unknown-ref] linked element 'dta' is not defined (did you mean 'data'?)",
        "architecture/settings.yaml:5:19: error [unknown-ref] linked element 'dat' is not defined (did you mean 'data'?)",
        "architecture/views/functional.yaml:7:18: error [unknown-ref] linked element 'servng' is not defined (did you mean 'serving'?)",
        "architecture/views/functional.yaml:8:17: error [unknown-ref] linked element 'servng' is not defined (did you mean 'serving'?)",
    ]


def test_a_bibliography_that_does_not_load_hides_no_source_behind_unknown_ones(
    tmp_path: Path,
) -> None:
    """A bibliography written as a bare list is read anyway, so only the keys it really lacks
    are unknown; one that cannot be read at all makes no key unknown."""
    listed = "\n".join(line[2:] for line in BIB.splitlines()[1:]) + "\n"
    model = MODEL.replace(
        "    description: S.\n    sources: [paper]", "    description: S.\n    sources: [papr]"
    )
    assert run(tmp_path, {"bibliography.yaml": listed, "model/a.yaml": model}) == [
        "architecture/bibliography.yaml:1:1: error [wrong-type] the file must be a mapping, found a list (put the entries under 'sources:')",
        "architecture/model/a.yaml:16:15: error [unknown-source] source 'papr' is not in the bibliography (did you mean 'paper'?)",
    ]
    mapping = BIB.replace("  - key: paper\n", "  paper:\n")
    assert run(tmp_path, {"bibliography.yaml": mapping, "model/a.yaml": model}) == [
        "architecture/bibliography.yaml:2:3: error [wrong-type] 'sources' must be a list, found a mapping",
    ]


def test_follow_on_diagnostics_are_left_out(tmp_path: Path) -> None:
    """One mistake, one diagnostic: what follows from an earlier error is not reported."""
    # an element given the id of another: references to the id its name spells are its own
    twin = MODEL.replace("id: serving", "id: registry")
    typo = VIEW.replace("kinds: [component, group]", "kinds: [component, group]\n  ids: [regstry]")
    assert run(tmp_path / "twin", {"model/a.yaml": twin, "views/functional.yaml": typo}) == [
        "architecture/model/a.yaml:12:9: error [duplicate-id] id 'registry' is already defined at architecture/model/a.yaml:7:9 (did you mean 'serving'? 1 reference names it and no element has it)",
        # a real misspelling beside it is still one
        "architecture/views/functional.yaml:6:9: error [unknown-ref] included element 'regstry' is not defined (did you mean 'registry'?)",
    ]
    # a view that includes only unknown ids is not also empty, and hides no element
    unknown = VIEW.replace("kinds: [component, group]", "ids: [registri, servin]")
    assert run(tmp_path / "unknown", {"views/functional.yaml": unknown}) == [
        "architecture/views/functional.yaml:5:9: error [unknown-ref] included element 'registri' is not defined (did you mean 'registry'?)",
        "architecture/views/functional.yaml:5:19: error [unknown-ref] included element 'servin' is not defined (did you mean 'serving'?)",
    ]
    # nor does a deployment view whose include names what is not defined place nothing
    files = {"model/e.yaml": ENVIRONMENT, "views/functional.yaml": VIEW}
    deployment = DEPLOYMENT.replace("kinds: [environment, component]", "ids: [prd, registry]")
    assert run(tmp_path / "deployment", {**files, "views/deployment.yaml": deployment}) == [
        "architecture/views/deployment.yaml:6:9: error [unknown-ref] included element 'prd' is not defined (did you mean 'prod'?)",
    ]
    # a view that cannot be read may show anything: no element is reported as shown by none
    broken = VIEW.replace("kinds: [component, group]", "kinds: [components]")
    only_groups = VIEW.replace("id: functional", "id: groups").replace(
        "[component, group]", "[group]"
    )
    assert run(
        tmp_path / "broken", {"views/functional.yaml": broken, "views/groups.yaml": only_groups}
    ) == [
        "architecture/views/functional.yaml:5:11: error [bad-value] item 1 of 'kinds' must be a kind in the singular, found 'components' (did you mean 'component'?)",
    ]


def test_a_profile_says_what_its_architecture_offers(tmp_path: Path) -> None:
    tools = """\
    tools:
      - id: mlflow
        name: MLflow
        url: https://mlflow.org
        description: Tracks models.
        supports: {registry: full}
        sources: [paper]
    """
    profile = "id: team\nname: T\ndescription: D.\ntools:\n  registry: serving\n  serving: mlfow\n"
    view = VIEW.replace("[component, group]", "[component, group, tool]")
    files = {"model/t.yaml": tools, "profiles/team.yaml": profile, "views/functional.yaml": view}
    assert run(tmp_path, files) == [
        "architecture/profiles/team.yaml:5:13: error [wrong-kind] 'serving' is a component, not a tool; a pick is a tool id, 'in-house' or 'none'",
        "architecture/profiles/team.yaml:6:12: error [unknown-ref] tool 'mlfow' is not defined; a pick is a tool id, 'in-house' or 'none' (did you mean 'mlflow'?)",
    ]


def test_an_author_that_reads_like_an_organization_is_warned_of(tmp_path: Path) -> None:
    """A plain string is a person, cited by its last word: 'Consortium 2019' for a consortium.
    Marked as an organization, or with a label of its own, it is fine."""
    bib = BIB + (
        "  - key: iic2019\n"
        "    type: report\n"
        "    authors: [Industrial Internet Consortium]\n"
        "    title: The Industrial Internet Reference Architecture\n"
        "    year: 2019\n"
        "  - key: labelled\n"
        "    label: IIC 2022\n"
        "    type: report\n"
        "    authors: [Industrial Internet Consortium]\n"
        "    title: T\n"
        "    year: 2022\n"
        "  - key: marked\n"
        "    type: report\n"
        '    authors: [{organization: Industrial Internet Consortium}, "Shi, Weisong", Ada Lovelace]\n'
        "    title: T\n"
        "    year: 2023\n"
    )
    assert run(tmp_path, {"bibliography.yaml": bib}) == [
        "architecture/bibliography.yaml:9:15: warning [author-organization] author 'Industrial "
        "Internet Consortium' of source 'iic2019' reads like an organization but is cited as a "
        "person ('Consortium 2019'); write it as {organization: Industrial Internet Consortium} "
        "to cite its whole name",
    ]


def test_picks_of_a_profile_in_an_architecture_without_tools_are_warned_of(
    tmp_path: Path,
) -> None:
    profile = "id: small-team\nname: Small team\ndescription: D.\ntools:\n  registry: in-house\n  serving: none\n"
    assert run(tmp_path, {"profiles/small-team.yaml": profile}) == [
        "architecture/profiles/small-team.yaml:5:3: warning [unused-field] profile 'small-team' "
        "picks for 2 component(s), but the architecture has no tools, so its pages do not show "
        "the picks; leave 'tools:' out",
    ]
