"""How sources are cited: the short label in the text, the full entry on the References page."""

from __future__ import annotations

from typing import Any

import pytest
from radoc.pages.site import full_citation, short_citation
from radoc.schema import Source


def source(*authors: Any, **fields: Any) -> Source:
    return Source.model_validate(
        {"key": "k", "type": "report", "title": "T", "year": 2015, "authors": list(authors)}
        | fields
    )


@pytest.mark.parametrize(
    ("authors", "cited"),
    [
        (["Dominik Kreuzberger"], "Kreuzberger 2015"),
        (["Amou Najafabadi, Faezeh"], "Amou Najafabadi 2015"),
        (["Shreya Shankar", "Rolando Garcia"], "Shankar & Garcia 2015"),
        (["Kumara, Indika", "Rowan Arts", "Willem-Jan van den Heuvel"], "Kumara et al. 2015"),
        # an organization keeps its whole name, alone or beside people
        ([{"organization": "Object Management Group"}], "Object Management Group 2015"),
        ([{"organization": "W3C"}, "Tim Berners-Lee"], "W3C & Berners-Lee 2015"),
        ([{"person": "Ada Lovelace"}], "Lovelace 2015"),
    ],
)
def test_short_citation(authors: list[Any], cited: str) -> None:
    assert short_citation(source(*authors)) == cited


def test_a_label_wins() -> None:
    assert short_citation(source("Google", label="Google Cloud 2020")) == "Google Cloud 2020"


def test_full_citation_names_organizations_as_written() -> None:
    text = full_citation(source({"organization": "Object Management Group"}, "Ada Lovelace"))
    assert text.startswith("Object Management Group, Ada Lovelace (2015). *T*.")
