"""What members type in the reply box, turned into safe HTML and back for editing."""

import pytest

from questions.member_text import editable_text, member_html

ROUND_TRIPS = [
    "Hallo\nwereld\n\nTweede & derde",
    "Intro <strong>vet</strong>\n\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n\nNa de lijst",
    '<blockquote>Citaat\nregel</blockquote>\n\nMijn <a href="https://vng.nl">link</a>',
    "<ol><li>x\n\ny</li><li>z</li></ol>",
    "tekst <ul><li>a</li></ul> meer",
    "open <blockquote>nooit dicht",
    "a < b en c > d",
]


@pytest.mark.parametrize("typed", ROUND_TRIPS)
def test_editing_and_saving_again_changes_nothing(typed):
    html = member_html(typed)
    assert html
    assert member_html(editable_text(html)) == html


def test_paragraphs_and_line_breaks():
    assert member_html("een\ntwee\n\ndrie") == "<p>een<br>twee</p>\n<p>drie</p>"


def test_typed_paragraph_tags_are_paragraphs_too():
    assert member_html("<p>a</p><p>b</p>") == "<p>a</p>\n<p>b</p>"


def test_quotes_hold_paragraphs():
    assert member_html("<blockquote>a\n\nb</blockquote>") == (
        "<blockquote>\n<p>a</p>\n<p>b</p>\n</blockquote>"
    )


def test_links_get_rel_ugc():
    assert 'rel="nofollow ugc noopener"' in member_html('<a href="https://vng.nl">x</a>')


@pytest.mark.parametrize("typed", ["", "   ", "<p></p>", "<script>alert(1)</script>", "<br>"])
def test_nothing_to_read_is_empty(typed):
    assert member_html(typed) == ""


def test_edit_box_shows_readable_text():
    assert editable_text("<p>Tom &amp; Jerry &quot;samen&quot;</p>") == 'Tom & Jerry "samen"'
    # Text that merely looks like a tag stays escaped, so it does not become one.
    assert editable_text("<p>&lt;b&gt;</p>") == "&lt;b&gt;"
