"""The "Questions" admin: reply moderation and resources, for each kind of user."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest

from questions.models import Reply
from tests.community.factories import UserFactory
from tests.questions.conftest import prefer_english
from tests.questions.factories import QuestionPageFactory, ReplyFactory, ResourceFactory
from tests.questions.helpers import main_of

pytestmark = pytest.mark.django_db

REPLY_LIST = "wagtailsnippets_questions_reply:list"
# Hiding needs a reason: it is kept with the reply and sent to its author.
HIDE_REASON = {"reason": "Bevat de naam van een jongere."}
RESOURCE_LIST = "wagtailsnippets_questions_resource:list"


def bulk_url(action, *replies, next_url="/admin/"):
    url = reverse("wagtail_bulk_action", args=("questions", "reply", action))
    ids = "&".join(f"id={reply.pk}" for reply in replies)
    return f"{url}?{ids}&next={next_url}"


def assert_refused(response):
    """Wagtail turns a PermissionDenied inside the admin into a redirect to the dashboard
    with a "no permission" message, rather than a bare 403 page."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def editor_with(*codenames):
    """A user who can reach the admin, with only the given reply/resource permissions."""
    group = Group.objects.create(name="-".join(["editors", *codenames]))
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="questions", codename__in=codenames),
    )
    user = UserFactory()
    user.groups.add(group)
    return user


@pytest.fixture
def thread(question_index):
    page = QuestionPageFactory(parent=question_index, title="Polarisatie")
    other = QuestionPageFactory(parent=question_index, title="Schooluitval")
    # Every author named here: a Faker name could otherwise match the search tests below.
    return {
        "page": page,
        "published": ReplyFactory(
            question=page,
            body="<p>Gepubliceerde reactie</p>",
            author__display_name="Hidde Boonstra",
        ),
        "pending": ReplyFactory(
            question=page,
            body="<p>Wachtende reactie</p>",
            status=Reply.Status.PENDING,
            author__display_name="Mike Loef",
        ),
        "hidden": ReplyFactory(
            question=page,
            body="<p>Verborgen reactie</p>",
            status=Reply.Status.HIDDEN,
            author__display_name="Anna de Wit",
        ),
        "featured": ReplyFactory(
            question=page,
            body="<p>Uitgelichte reactie</p>",
            is_featured=True,
            author__display_name="Sanne Bakker",
        ),
        "elsewhere": ReplyFactory(
            question=other, body="<p>Andere vraag</p>", author__display_name="Joris Kok"
        ),
    }


def listed(response):
    return {row.get_text(" ", strip=True) for row in main_of(response).select("tbody tr")}


def listed_bodies(response):
    text = " ".join(listed(response))
    return {
        word
        for word in ("Gepubliceerde", "Wachtende", "Verborgen", "Uitgelichte", "Andere")
        if word in text
    }


class TestReplyListing:
    def test_superuser_sees_every_reply(self, admin_client, thread):
        response = admin_client.get(reverse(REPLY_LIST))
        assert response.status_code == 200
        assert listed_bodies(response) == {
            "Gepubliceerde",
            "Wachtende",
            "Verborgen",
            "Uitgelichte",
            "Andere",
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"status": "hidden"}, {"Verborgen"}),
            ({"status": "pending"}, {"Wachtende"}),
            ({"is_featured": "true"}, {"Uitgelichte"}),
            ({"q": "boonstra"}, {"Gepubliceerde"}),
            ({"q": "Schooluitval"}, {"Andere"}),
            ({"q": "wachtende"}, {"Wachtende"}),
        ],
    )
    def test_filters_and_search(self, admin_client, thread, query, expected):
        response = admin_client.get(reverse(REPLY_LIST), query)
        assert response.status_code == 200
        assert listed_bodies(response) == expected

    def test_filter_by_question(self, admin_client, thread):
        response = admin_client.get(reverse(REPLY_LIST), {"question": thread["page"].pk})
        assert listed_bodies(response) == {
            "Gepubliceerde",
            "Wachtende",
            "Verborgen",
            "Uitgelichte",
        }

    def test_rows_offer_only_the_moderation_that_would_change_them(self, admin_client, thread):
        response = admin_client.get(reverse(REPLY_LIST))
        html = response.content.decode()
        for name, actions, absent in [
            ("published", {"hide", "feature"}, {"publish", "unfeature"}),
            ("pending", {"publish", "hide", "feature"}, {"unfeature"}),
            ("hidden", {"publish", "feature"}, {"hide", "unfeature"}),
            ("featured", {"hide", "unfeature"}, {"publish", "feature"}),
        ]:
            pk = thread[name].pk
            for action in actions:
                assert f"/admin/bulk/questions/reply/{action}/?id={pk}&amp;" in html, (name, action)
            for action in absent:
                assert f"/admin/bulk/questions/reply/{action}/?id={pk}&amp;" not in html

    def test_export_as_csv(self, admin_client, thread):
        response = admin_client.get(reverse(REPLY_LIST), {"export": "csv"})
        assert response.status_code == 200
        content = b"".join(response.streaming_content).decode()
        assert "Schooluitval" in content
        assert "Uitgelichte reactie" in content
        assert len(content.strip().splitlines()) == 1 + len(thread) - 1

    def test_listing_queries_do_not_grow_with_replies(
        self, admin_client, thread, django_assert_max_num_queries
    ):
        admin_client.get(reverse(REPLY_LIST))
        with django_assert_max_num_queries(40) as few:
            admin_client.get(reverse(REPLY_LIST))
        ReplyFactory.create_batch(15, question=thread["page"], resource=ResourceFactory())
        with django_assert_max_num_queries(40) as many:
            admin_client.get(reverse(REPLY_LIST))
        assert len(many.captured_queries) == len(few.captured_queries)


class TestModerationActions:
    def test_confirmation_page_names_the_replies(self, admin_client, thread):
        response = admin_client.get(bulk_url("hide", thread["published"], thread["featured"]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Gepubliceerde reactie" in html
        assert "Uitgelichte reactie" in html

    def test_hide(self, admin_client, thread):
        response = admin_client.post(
            bulk_url("hide", thread["published"], thread["featured"]), HIDE_REASON
        )
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        for name in ("published", "featured"):
            thread[name].refresh_from_db()
            assert thread[name].status == Reply.Status.HIDDEN
            assert not thread[name].is_featured
        thread["elsewhere"].refresh_from_db()
        assert thread["elsewhere"].status == Reply.Status.PUBLISHED

    def test_publish(self, admin_client, thread):
        admin_client.post(bulk_url("publish", thread["pending"], thread["hidden"]))
        for name in ("pending", "hidden"):
            thread[name].refresh_from_db()
            assert thread[name].status == Reply.Status.PUBLISHED

    def test_feature_publishes_too(self, admin_client, thread):
        admin_client.post(bulk_url("feature", thread["published"], thread["pending"]))
        for name in ("published", "pending"):
            thread[name].refresh_from_db()
            assert thread[name].is_featured
            assert thread[name].status == Reply.Status.PUBLISHED

    def test_unfeature(self, admin_client, thread):
        admin_client.post(bulk_url("unfeature", thread["featured"]))
        thread["featured"].refresh_from_db()
        assert not thread["featured"].is_featured
        assert thread["featured"].status == Reply.Status.PUBLISHED

    def test_success_message_counts_what_changed(self, admin_client, admin_user, thread):
        prefer_english(admin_user)
        response = admin_client.post(
            bulk_url("publish", thread["published"], thread["pending"]),
            follow=True,
        )
        messages = [str(message).strip() for message in response.context["messages"]]
        assert "1 reply has been published." in messages

    def test_moderation_changes_what_visitors_see(self, admin_client, client, thread):
        page_url = thread["page"].url
        assert "Gepubliceerde reactie" in client.get(page_url).content.decode()
        admin_client.post(bulk_url("hide", thread["published"]), HIDE_REASON)
        admin_client.post(bulk_url("feature", thread["pending"]))
        html = client.get(page_url).content.decode()
        assert "Gepubliceerde reactie" not in html
        assert html.index("Wachtende reactie") < html.index("Uitgelichte reactie")

    def test_next_must_stay_on_this_site(self, admin_client, thread):
        response = admin_client.post(
            bulk_url("hide", thread["published"], next_url="https://evil.example/"), HIDE_REASON
        )
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]


class TestPermissions:
    def test_anonymous_is_sent_to_login(self, client, thread):
        for url in (reverse(REPLY_LIST), bulk_url("hide", thread["published"])):
            response = client.post(url) if "bulk" in url else client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
        thread["published"].refresh_from_db()
        assert thread["published"].status == Reply.Status.PUBLISHED

    def test_editor_without_reply_permissions_is_refused(self, client, thread):
        client.force_login(editor_with())
        assert_refused(client.get(reverse(REPLY_LIST)))
        assert_refused(client.post(bulk_url("hide", thread["published"])))
        thread["published"].refresh_from_db()
        assert thread["published"].status == Reply.Status.PUBLISHED

    def test_viewer_can_list_but_not_moderate(self, client, thread):
        client.force_login(editor_with("view_reply"))
        response = client.get(reverse(REPLY_LIST))
        assert response.status_code == 200
        # No row offers moderation (Wagtail's footer lists every registered bulk action to
        # everyone; the action itself refuses, below).
        assert f"/admin/bulk/questions/reply/hide/?id={thread['published'].pk}" not in (
            response.content.decode()
        )
        response = client.post(bulk_url("hide", thread["published"]), HIDE_REASON)
        assert_refused(response)
        thread["published"].refresh_from_db()
        assert thread["published"].status == Reply.Status.PUBLISHED

    def test_moderator_with_change_permission_can_moderate(self, client, thread):
        client.force_login(editor_with("view_reply", "change_reply"))
        response = client.get(reverse(REPLY_LIST))
        assert response.status_code == 200
        response = client.post(bulk_url("hide", thread["published"]), HIDE_REASON)
        assert response.status_code == 302
        thread["published"].refresh_from_db()
        assert thread["published"].status == Reply.Status.HIDDEN

    def test_resource_listing_needs_permission(self, client):
        client.force_login(editor_with("view_reply"))
        assert_refused(client.get(reverse(RESOURCE_LIST)))


class TestResourceListing:
    @pytest.fixture
    def resources(self):
        return [
            ResourceFactory(title="Van polarisatie naar verbinding", publisher="VNG", year=2021),
            ResourceFactory(title="Handreiking depolarisatie", publisher="NJi", year=2022),
            ResourceFactory(title="Jongerenwerk en online", publisher="NJi", year=2021),
        ]

    def titles(self, response):
        return {
            resource
            for row in listed(response)
            for resource in (
                "Van polarisatie naar verbinding",
                "Handreiking depolarisatie",
                "Jongerenwerk en online",
            )
            if resource in row
        }

    def test_list(self, admin_client, resources):
        response = admin_client.get(reverse(RESOURCE_LIST))
        assert response.status_code == 200
        assert len(self.titles(response)) == 3
        html = response.content.decode()
        assert "VNG" in html
        assert "2022" in html

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"publisher": "NJi"}, {"Handreiking depolarisatie", "Jongerenwerk en online"}),
            ({"year": "2021"}, {"Van polarisatie naar verbinding", "Jongerenwerk en online"}),
            ({"publisher": "NJi", "year": "2021"}, {"Jongerenwerk en online"}),
            ({"q": "depolarisatie"}, {"Handreiking depolarisatie"}),
        ],
    )
    def test_filters_and_search(self, admin_client, resources, query, expected):
        response = admin_client.get(reverse(RESOURCE_LIST), query)
        assert response.status_code == 200
        assert self.titles(response) == expected

    def test_unknown_filter_values_do_not_break_the_listing(self, admin_client, resources):
        response = admin_client.get(reverse(RESOURCE_LIST), {"year": "abc", "publisher": "X"})
        assert response.status_code == 200

    def test_export(self, admin_client, resources):
        response = admin_client.get(reverse(RESOURCE_LIST), {"export": "csv"})
        content = b"".join(response.streaming_content).decode()
        assert "Handreiking depolarisatie" in content
        assert "https://vng.nl/" in content

    def test_menu_groups_replies_and_resources_under_questions(self, admin_client):
        response = admin_client.get(reverse("wagtailadmin_home"))
        html = response.content.decode()
        assert reverse(REPLY_LIST) in html
        assert reverse(RESOURCE_LIST) in html


class TestReplyEditing:
    def test_editor_edits_a_reply_and_the_body_is_sanitised(self, admin_client, thread):
        reply = thread["published"]
        url = reverse("wagtailsnippets_questions_reply:edit", args=(reply.pk,))
        assert admin_client.get(url).status_code == 200

        response = admin_client.post(
            url,
            {
                "question": reply.question_id,
                "author": reply.author_id,
                "body": '<p>Bijgewerkt</p><script>alert(1)</script><a href="javascript:x">a</a>',
                "resource": "",
                "status": Reply.Status.PUBLISHED,
                "is_featured": "",
            },
        )

        assert response.status_code == 302
        reply.refresh_from_db()
        assert reply.body.startswith("<p>Bijgewerkt</p>")
        assert "script" not in reply.body
        assert "javascript" not in reply.body

    def test_invalid_edit_shows_the_form_again(self, admin_client, thread):
        reply = thread["published"]
        url = reverse("wagtailsnippets_questions_reply:edit", args=(reply.pk,))
        response = admin_client.post(url, {"question": "", "body": "", "status": "bogus"})
        assert response.status_code == 200
        assert response.context["form"].errors.keys() >= {"question", "body", "status"}
