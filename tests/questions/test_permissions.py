"""Who may open each of the members' pages: anonymous visitors are sent to the login page,
another member gets 403, the owner 200, and editors what their role gives them."""

from django.urls import reverse

import pytest

from questions import services
from questions.models import Reply
from questions.notifications import Unsubscribe, unsubscribe_token
from tests.questions.conftest import logged_in
from tests.questions.factories import QuestionPageFactory, ReplyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(question, member):
    return ReplyFactory(question=question, author=member, body="<p>Van Sanne</p>")


@pytest.fixture
def draft_question(question_index, member):
    """A question the member asked, waiting for review."""
    return services.ask_question(
        question_index, member, {"title": "Wat doe je bij een vechtpartij?", "topics": []}
    )


def login_redirect(response, url):
    assert response.status_code == 302, response.status_code
    login = reverse("account_login")
    assert response["Location"].startswith(f"{login}?next="), response["Location"]


# (name, method, url builder, owner's status, another member's, editor's)
MEMBER_PAGES = [
    ("reply form", "get", lambda c: reverse("questions:reply_create", args=[c["question"].pk])),
    ("edit reply", "get", lambda c: reverse("questions:reply_edit", args=[c["reply"].pk])),
    ("delete reply", "get", lambda c: reverse("questions:reply_delete", args=[c["reply"].pk])),
    (
        "delete reply (post)",
        "post",
        lambda c: reverse("questions:reply_delete", args=[c["reply"].pk]),
    ),
    ("flag reply", "get", lambda c: reverse("questions:reply_flag", args=[c["reply"].pk])),
    ("helpful", "post", lambda c: reverse("questions:reply_helpful", args=[c["reply"].pk])),
    ("follow", "post", lambda c: reverse("questions:follow", args=[c["question"].pk])),
    ("ask", "get", lambda c: reverse("questions:ask", args=[c["index"].pk])),
    ("my questions", "get", lambda c: reverse("questions:my_questions")),
    ("my question", "get", lambda c: reverse("questions:my_question", args=[c["draft"].pk])),
]


@pytest.fixture
def context(question_index, question, reply, draft_question):
    return {"index": question_index, "question": question, "reply": reply, "draft": draft_question}


def call(client, method, url):
    return getattr(client, method)(url)


@pytest.mark.parametrize(
    ("name", "method", "url"), MEMBER_PAGES, ids=[page[0] for page in MEMBER_PAGES]
)
def test_anonymous_visitors_are_sent_to_log_in(client, context, name, method, url):
    target = url(context)
    login_redirect(call(client, method, target), target)
    assert Reply.objects.filter(pk=context["reply"].pk).exists()


# The owner is the member who wrote the reply and asked the draft question.
OWNER = {
    "reply form": 200,
    "edit reply": 200,
    "delete reply": 200,
    "delete reply (post)": 302,
    # Flagging or marking your own reply as helpful makes no sense.
    "flag reply": 403,
    "helpful": 403,
    "follow": 302,
    "ask": 200,
    "my questions": 200,
    "my question": 200,
}
OTHER_MEMBER = {
    **OWNER,
    "edit reply": 403,
    "delete reply": 403,
    "delete reply (post)": 403,
    "flag reply": 200,
    "helpful": 302,
    "my question": 403,
}
# Editors moderate in the admin (which keeps a reason and tells the author), not by editing a
# member's words on the site; they may read a draft question they can edit in Wagtail.
EDITOR = {**OTHER_MEMBER, "my question": 200}


@pytest.mark.parametrize(("name", "method", "url"), MEMBER_PAGES, ids=[p[0] for p in MEMBER_PAGES])
def test_the_owner(client, context, member, name, method, url):
    response = call(logged_in(client, member), method, url(context))
    assert response.status_code == OWNER[name]


@pytest.mark.parametrize(("name", "method", "url"), MEMBER_PAGES, ids=[p[0] for p in MEMBER_PAGES])
def test_another_member(client, context, other_member, name, method, url):
    response = call(logged_in(client, other_member), method, url(context))
    assert response.status_code == OTHER_MEMBER[name]
    assert Reply.objects.filter(pk=context["reply"].pk).exists()


@pytest.mark.parametrize(("name", "method", "url"), MEMBER_PAGES, ids=[p[0] for p in MEMBER_PAGES])
def test_an_editor(client, context, editor, name, method, url):
    response = call(logged_in(client, editor), method, url(context))
    assert response.status_code == EDITOR[name]
    assert Reply.objects.filter(pk=context["reply"].pk).exists()


def test_another_member_cannot_change_a_reply_by_posting(client, reply, other_member):
    logged_in(client, other_member)
    response = client.post(
        reverse("questions:reply_edit", args=[reply.pk]), {"body": "Overgenomen"}
    )
    assert response.status_code == 403
    reply.refresh_from_db()
    assert reply.body == "<p>Van Sanne</p>"
    assert reply.edited_at is None


def test_a_former_members_reply_is_nobodys(client, reply, member):
    Reply.objects.filter(pk=reply.pk).update(author=None)
    logged_in(client, member)
    assert client.get(reverse("questions:reply_edit", args=[reply.pk])).status_code == 403


def test_unsubscribe_needs_no_login_only_the_token(client, question, member):
    token = unsubscribe_token(member, Unsubscribe.QUESTION, question)
    response = client.get(reverse("questions:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_unsubscribe_with_a_forged_token_is_refused(client, question, member):
    token = unsubscribe_token(member, Unsubscribe.QUESTION, question)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post(reverse("questions:unsubscribe", args=[forged]))
    assert response.status_code == 400


@pytest.mark.parametrize("list_name", ["reply", "replyflag"])
class TestAdminListings:
    def url(self, list_name):
        return reverse(f"wagtailsnippets_questions_{list_name}:list")

    def test_anonymous(self, client, list_name):
        response = client.get(self.url(list_name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))

    def test_a_member_without_admin_access(self, client, member, list_name):
        response = logged_in(client, member).get(self.url(list_name))
        # Wagtail sends users without admin access to its login page with a message.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))

    def test_an_editor_who_moderates(self, client, editor, list_name):
        assert logged_in(client, editor).get(self.url(list_name)).status_code == 200


def test_a_hidden_reply_is_not_found_for_flagging_or_marking(client, reply, other_member):
    Reply.objects.filter(pk=reply.pk).update(status=Reply.Status.HIDDEN)
    logged_in(client, other_member)
    assert client.get(reverse("questions:reply_flag", args=[reply.pk])).status_code == 404
    assert client.post(reverse("questions:reply_helpful", args=[reply.pk])).status_code == 404


def test_a_reply_on_an_unpublished_question_is_not_found(client, question_index, member):
    page = QuestionPageFactory(parent=question_index)
    reply = ReplyFactory(question=page, author=member)
    page.unpublish()
    logged_in(client, member)
    assert client.get(reverse("questions:reply_edit", args=[reply.pk])).status_code == 404
