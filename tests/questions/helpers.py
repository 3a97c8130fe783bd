"""Helpers for reading rendered question pages in tests."""

from bs4 import BeautifulSoup


def main_of(response):
    """The page's <main> element, parsed."""
    return BeautifulSoup(response.content, "html.parser").find("main")


def heading_levels(element):
    """The levels of the headings inside ``element``, in document order."""
    return [int(tag.name[1]) for tag in element.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def assert_valid_outline(element):
    """One h1, first, and no heading more than one level below the one before it (axe's
    heading-order and page-has-heading-one rules)."""
    levels = heading_levels(element)
    assert levels, "no headings"
    assert levels[0] == 1, levels
    assert levels.count(1) == 1, levels
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, levels
