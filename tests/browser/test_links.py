"""Every internal link and anchor of the default site resolves (no browser needed)."""

from __future__ import annotations

import pytest

from ..sitecheck import broken_links
from .conftest import Build

pytestmark = [pytest.mark.slow, pytest.mark.dot]


def test_every_internal_link_and_anchor_resolves(default_build: Build) -> None:
    site = default_build.require()
    assert (site / "index.html").is_file()
    assert broken_links(site) == []
