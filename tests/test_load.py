"""Stage 1: the loader keeps positions and rejects what plain YAML parsers accept silently."""

from __future__ import annotations

from pathlib import Path

from radoc.load import MAX_NODES, load_file, load_text


def test_positions_of_values_and_keys() -> None:
    doc, diags = load_text("a: 1\nitems:\n  - id: x\n    name: X\n", "f.yaml")
    assert diags == []
    assert doc is not None
    assert doc.data == {"a": 1, "items": [{"id": "x", "name": "X"}]}
    assert str(doc.pos(("items", 0, "name"))) == "f.yaml:4:11"
    assert str(doc.key_pos(("items", 0, "name"))) == "f.yaml:4:5"
    assert str(doc.pos(("items", 0))) == "f.yaml:3:5"
    # a path that does not exist falls back to its closest ancestor
    assert str(doc.pos(("items", 0, "missing"))) == "f.yaml:3:5"


def test_duplicate_keys_are_errors() -> None:
    _, diags = load_text("id: a\nname: A\nid: b\n", "f.yaml")
    assert [str(d) for d in diags] == [
        "f.yaml:3:1: error [duplicate-key] key 'id' appears twice in this mapping (first at line 1)"
    ]


def test_syntax_error_has_position() -> None:
    doc, diags = load_text("a: [1, 2\nb: 3\n", "f.yaml")
    assert doc is None
    assert len(diags) == 1
    # reported where the bracket was opened, with where the parser gave up
    assert str(diags[0]) == (
        "f.yaml:1:4: error [yaml-syntax] invalid YAML: this '[' is never closed "
        "(did not find expected ',' or ']' at line 2, column 2)"
    )


def test_tab_indentation() -> None:
    _, diags = load_text("a:\n\t- 1\n", "f.yaml")
    assert [str(d) for d in diags] == [
        "f.yaml:2:1: error [tab] tab character in indentation; YAML indents with spaces"
    ]


def test_empty_and_comment_only_files() -> None:
    for text in ("", "# only a comment\n"):
        _, diags = load_text(text, "f.yaml")
        assert [d.code for d in diags] == ["empty-file"]


def test_alias_bomb_is_stopped() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    _, diags = load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert [d.code for d in diags] == ["too-many-nodes"]
    assert str(MAX_NODES) in diags[0].message


def test_deep_nesting() -> None:
    _, diags = load_text("a: " + "[" * 200 + "]" * 200 + "\n", "deep.yaml")
    assert [d.code for d in diags] == ["too-deep"]


def test_bom_and_bad_bytes(tmp_path: Path) -> None:
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert [d.code for d in load_file(bom, "bom.yaml")[1]] == ["bom"]
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    (diag,) = load_file(bad, "bad.yaml")[1]
    assert (
        str(diag)
        == "bad.yaml:2:7: error [encoding] byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    )


def test_huge_file(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (6 * 1024 * 1024) + b"\n")
    assert [d.code for d in load_file(big, "big.yaml")[1]] == ["file-too-large"]


def test_very_deep_nesting_is_a_diagnostic_not_a_crash() -> None:
    # libyaml's own composer recurses in C and crashes on this; radoc reads events instead
    _, diags = load_text("tags: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml")
    # radoc stops at the 41st '[' (column 46); libyaml from PyYAML 6.0.4 on has a limit of its
    # own and stops first, where its look-ahead reached (column 1006): the same diagnostic
    assert [str(d) for d in diags] in [
        [f"deep.yaml:1:{col}: error [too-deep] values are nested more than 40 levels deep"]
        for col in (46, 1006)
    ]


def test_raw_text_of_converted_scalars_is_kept() -> None:
    doc, _ = load_text("name: yes\nrank: 042\n", "f.yaml")
    assert doc is not None
    assert doc.data == {"name": True, "rank": 34}  # YAML 1.1 reads 042 as octal
    assert doc.raw == {("name",): "yes", ("rank",): "042"}


def test_merge_keys_are_rejected_and_flag_their_mapping() -> None:
    doc, diags = load_text("a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n", "f.yaml")
    assert [d.code for d in diags] == ["yaml-merge"]
    assert doc is not None and doc.is_flagged(("b", "x"))


def test_an_equals_sign_is_text() -> None:
    """YAML 1.1 calls a lone '=' a 'value' tag; in an architecture it is just a name."""
    doc, diags = load_text("name: =\n", "f.yaml")
    assert diags == []
    assert doc is not None and doc.data == {"name": "="}


def test_an_anchor_on_a_key_and_an_alias_as_a_key_are_valid_yaml() -> None:
    doc, diags = load_text("&k name: x\nother:\n  *k : y\n", "f.yaml")
    assert diags == []
    assert doc is not None and doc.data == {"name": "x", "other": {"name": "y"}}


def test_a_scalar_the_constructor_rejects_is_a_diagnostic() -> None:
    for text, shown, kind in [
        ("name: 2024-02-30\n", "2024-02-30", "a date"),
        ("rank: 0x_\n", "0x_", "a whole number"),
    ]:
        _, diags = load_text(text, "f.yaml")
        assert [str(d) for d in diags] == [
            f"f.yaml:1:7: error [bad-value] '{shown}' looks like {kind} but is not a valid one; "
            "put it in quotes to keep it as text"
        ]


def test_explicit_tags_are_refused_not_ignored() -> None:
    doc, diags = load_text("rank: !!int 3\n", "f.yaml")
    assert doc is None
    assert [str(d) for d in diags] == [
        "f.yaml:1:7: error [yaml-tag] YAML tags such as 'tag:yaml.org,2002:int' are not "
        "supported; remove it and write the value plainly"
    ]
