"""Hostile input through the members' reply and question forms is stored and rendered
harmless: no script runs, no handler fires, no link leads to javascript:, data: or vbscript:."""

import re

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from questions.models import QuestionPage, Reply
from tests.questions.conftest import logged_in
from tests.questions.helpers import main_of

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="jav&#x0A;ascript:alert(1)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<a href="https://vng.nl" onclick="alert(1)">klik</a>',
    '<a href="https://vng.nl" style="position:fixed;top:0;left:0;width:100%">klik</a>',
    '<p style="background:url(javascript:alert(1))">stijl</p>',
    "<div onmouseenter=alert(1)>hover</div>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<a href="https://vng.nl"><strong onclick="alert(1)">vet</strong></a>',
    '<blockquote cite="javascript:alert(1)">citaat</blockquote>',
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>x</marquee>",
    "<template><script>alert(1)</script></template>",
]

FORBIDDEN_TAGS = {
    "script", "iframe", "img", "svg", "math", "style", "object", "embed", "meta", "link",
    "base", "form", "input", "button", "details", "video", "source", "marquee", "template",
    "noscript", "body",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "cite", "xlink:href"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)


def test_there_are_at_least_thirty_payloads():
    assert len(PAYLOADS) >= 30


def assert_harmless(fragment):
    """No dangerous element, no event handler or style, no script URL in ``fragment``."""
    soup = fragment if not isinstance(fragment, str) else BeautifulSoup(fragment, "html.parser")
    for element in soup.find_all(True):
        assert element.name not in FORBIDDEN_TAGS, element
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), element
            assert attribute.lower() != "style", element
            if attribute.lower() in URL_ATTRIBUTES:
                # Browsers drop whitespace and control characters inside a scheme.
                compact = re.sub(r"[\x00-\x20]", "", str(value))
                assert not BAD_SCHEME.match(compact), element


@pytest.fixture
def unlimited(settings):
    settings.QUESTIONS_POST_RATE_LIMIT = 0
    settings.QUESTIONS_MODERATE_FIRST_POSTS = 0


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reply_form(client, question, member, unlimited, payload):
    """The payload in the rich text and in every plain-text field of an experience."""
    logged_in(client, member)
    response = client.post(
        reverse("questions:reply_create", args=[question.pk]),
        {
            "body": f"Voor {payload} na",
            "experience_setting": "online",
            "what_happened": payload,
            "what_i_did": payload,
            "what_worked": payload,
            "what_did_not_work": payload,
            "confirm_personal_data": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    reply = Reply.objects.get()
    assert_harmless(reply.body)

    page = client.get(question.url)
    article = main_of(page).find(id=f"reactie-{reply.pk}")
    # What the member wrote (the avatar and the action forms around it are the site's own).
    body = article.find(class_="reply__body")
    experience = article.find(class_="experience")
    for part in (body, experience):
        if part is not None:
            assert_harmless(part)
    # The experience is plain text: the payload reads as typed.
    assert payload.strip() in experience.get_text()

    # And once more in the edit form, where the body goes back into a textarea.
    edit = client.get(reverse("questions:reply_edit", args=[reply.pk]))
    form = BeautifulSoup(edit.content, "html.parser").find("form", class_="reply-form")
    for textarea in form.find_all("textarea"):
        assert textarea.find(True) is None, textarea


@pytest.mark.parametrize("payload", PAYLOADS)
def test_question_form(client, question_index, member, unlimited, payload):
    """The payload as the question and in its explanation, in review and once published."""
    logged_in(client, member)
    response = client.post(
        reverse("questions:ask", args=[question_index.pk]),
        {
            "title": f"Vraag {payload}?",
            "explanation": f"Toelichting {payload}",
            "confirm_personal_data": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    page = QuestionPage.objects.get(author=member)
    assert_harmless(page.explanation)

    review = main_of(client.get(reverse("questions:my_question", args=[page.pk])))
    assert payload.strip() in review.h1.get_text()
    for part in member_written(review):
        assert_harmless(part)

    page.get_latest_revision().publish()
    page.refresh_from_db()
    published = main_of(client.get(page.url))
    assert payload.strip() in published.h1.get_text()
    for part in member_written(published):
        assert_harmless(part)
    listing = main_of(client.get(question_index.url))
    for title in listing.select(".question-summary__title"):
        assert_harmless(title)


def member_written(main):
    """The question's title and explanation on a page (the rest is the site's own)."""
    return [main.h1, *main.select(".question__section .prose")]


def test_a_nul_character_is_refused_with_a_message(client, question, member, unlimited):
    """Django refuses NUL characters in form input (a classic way to split "javascript:");
    the member gets the form back with an error, nothing is stored."""
    logged_in(client, member)
    response = client.post(
        reverse("questions:reply_create", args=[question.pk]),
        {"body": '<a href="java\u0000script:alert(1)">nul</a>'},
    )
    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert not Reply.objects.exists()
