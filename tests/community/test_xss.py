"""Script through the profile form: every payload is stored as the text the member typed and
rendered as text, on the public profile, the profile form and a question's author card."""

from collections import Counter

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from community.models import Profile
from community.sanitise import clean_plain_text
from tests.community.factories import verified_member

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">klik</a>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<style>@import "javascript:alert(1)";</style>',
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<div style="background:url(javascript:alert(1))">',
    "{{ 7|add:42 }}{% debug %}",
    "${alert(1)}",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    '<img src="x" onerror="&#97;lert(1)">',
    '"onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "javascript:alert(1)",
    "<x onclick=alert(1)>klik</x>",
]
FIELDS = ["display_name", "role", "organisation", "bio"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}


def test_there_are_at_least_thirty_payloads():
    assert len(set(PAYLOADS)) >= 30


def structure(html):
    """Tag counts of the whole document, and every attribute that could run script."""
    soup = BeautifulSoup(html, "html.parser")
    tags = Counter(tag.name for tag in soup.find_all(True))
    risky = [
        (tag.name, name, value)
        for tag in soup.find_all(True)
        for name, value in tag.attrs.items()
        if name.lower().startswith("on")
        or (
            name.lower() in URL_ATTRIBUTES
            and str(value).strip().lower().startswith(("javascript:", "data:", "vbscript:"))
        )
    ]
    return tags, risky, soup


@pytest.fixture
def member(db):
    return verified_member("sanne@example.org", "Sanne de Vries")


@pytest.fixture
def baseline(client, member, question_index):
    """The pages with ordinary values in every field, to compare the markup against."""
    from tests.questions.factories import QuestionPageFactory

    question = QuestionPageFactory(parent=question_index, author=member.profile)
    client.force_login(member)
    client.post(
        reverse("community:profile_edit"),
        {"display_name": "Gewone naam", "role": "rol", "organisation": "organisatie", "bio": "bio"},
    )
    pages = fetch(client, member, question)
    return question, {name: structure(html)[0] for name, html in pages.items()}


def fetch(client, member, question):
    pages = {"edit": client.get(reverse("community:profile_edit")).content.decode()}
    client.logout()
    pages["profile"] = client.get(member.profile.get_absolute_url()).content.decode()
    pages["question"] = client.get(question.url).content.decode()
    client.force_login(member)
    return pages


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_stored_as_text_and_rendered_harmless(client, member, baseline, payload):
    question, baseline_tags = baseline
    response = client.post(reverse("community:profile_edit"), {field: payload for field in FIELDS})
    assert response.status_code == 302, response.context["form"].errors

    profile = Profile.objects.get(user=member)
    for field in FIELDS:
        assert getattr(profile, field) == clean_plain_text(payload), field

    for name, html in fetch(client, member, question).items():
        tags, risky, _soup = structure(html)
        assert risky == [], name
        # The payload added no element: the page has exactly the tags it has for a plain name.
        assert tags == baseline_tags[name], name
    profile_page = BeautifulSoup(fetch(client, member, question)["profile"], "html.parser")
    assert profile_page.find("h1").get_text() == clean_plain_text(payload)
