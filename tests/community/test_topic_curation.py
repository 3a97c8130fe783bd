"""Editors curate the topic vocabulary: retire topics and merge them without losing links."""

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse

from wagtail.models import ModelLogEntry, Revision

import pytest

from community.admin_views import TopicTagField, merge_url
from community.forms import ProfileForm
from community.models import ProfileTopic, Topic, merge_topics
from panels.models import PanelTopic
from questions.forms import QuestionForm, ReplyForm
from questions.models import QuestionPage, QuestionPageTopic, Reply, ReplyTopic, ResourceTopic
from tests.community.factories import ProfileFactory, TopicFactory, UserFactory
from tests.panels.factories import PanelFactory
from tests.questions.conftest import prefer_english
from tests.questions.factories import (
    QuestionIndexPageFactory,
    QuestionPageFactory,
    ReplyFactory,
    ResourceFactory,
)

TOPIC_LIST = "wagtailsnippets_community_topic:list"


def editor(*codenames):
    """An admin user with access_admin and the given topic permissions only."""
    user = UserFactory()
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", *codenames],
            content_type__app_label__in=["wagtailadmin", "community"],
        )
    )
    return prefer_english(user)  # the admin's messages are asserted in English


@pytest.fixture
def topics(db):
    return (
        TopicFactory(name="polarisatie"),
        TopicFactory(name="polarizatie"),
        TopicFactory(name="tegenstellingen"),
    )


@pytest.fixture
def tagged(site_root, topics):
    """One thing of every kind on the first topic; one of each also carries the target."""
    source, target, _other = topics
    index = QuestionIndexPageFactory(parent=site_root)
    things = {
        "question": QuestionPageFactory(parent=index, topics=[source]),
        "question_both": QuestionPageFactory(parent=index, topics=[source, target]),
    }
    for name, tags in (("reply", [source]), ("reply_both", [source, target])):
        reply = ReplyFactory(question=things["question"])
        reply.topics.add(*tags)
        things[name] = reply
    for name, tags in (("resource", [source]), ("resource_both", [source, target])):
        resource = ResourceFactory()
        resource.topics.add(*tags)
        things[name] = resource
    for name, tags in (("panel", [source]), ("panel_both", [source, target])):
        panel = PanelFactory()
        panel.topics.add(*tags)
        panel.save()
        things[name] = panel
    for name, tags in (("profile", [source]), ("profile_both", [source, target])):
        profile = ProfileFactory()
        profile.expertise.add(*tags)
        things[name] = profile
    return things


THROUGH_MODELS = [QuestionPageTopic, ReplyTopic, ResourceTopic, PanelTopic, ProfileTopic]


class TestMerge:
    def test_every_kind_of_link_moves_and_doubles_collapse(self, tagged, topics):
        source, target, other = topics

        result = merge_topics([source], target)

        assert not Topic.objects.filter(pk=source.pk).exists()
        for through in THROUGH_MODELS:
            assert through.objects.filter(tag=target).count() == 2, through
            # a thing tagged with both keeps one link
            assert (
                not through.objects.values("content_object").annotate(n=Count("pk")).filter(n__gt=1)
            ), through
        assert result.moved == 5
        assert result.duplicates == 5
        assert result.deleted == 1
        assert Topic.objects.get(pk=other.pk)
        assert list(tagged["question"].topics.names()) == ["polarizatie"]
        assert list(tagged["profile_both"].expertise.names()) == ["polarizatie"]

    def test_two_sources_on_one_thing_leave_one_link(self, tagged, topics):
        source, target, other = topics
        tagged["resource"].topics.add(other)

        merge_topics([source, other], target)

        assert list(tagged["resource"].topics.names()) == ["polarizatie"]
        assert set(Topic.objects.values_list("name", flat=True)) == {"polarizatie"}

    def test_revisions_point_at_the_target(self, tagged, topics):
        source, target, _other = topics
        page = tagged["question_both"]
        page.save_revision()

        merge_topics([source], target)

        content = Revision.objects.filter(object_id=str(page.pk)).latest("pk").content
        assert [link["tag"] for link in content["tagged_items"]] == [target.pk]
        # the draft still opens and shows the merged topic
        assert list(page.get_latest_revision_as_object().topics.names()) == ["polarizatie"]

    def test_the_merged_topics_page_redirects_to_the_remaining_one(self, client, tagged, topics):
        source, target, _other = topics

        merge_topics([source], target)

        response = client.get(reverse("topics:detail", args=[source.slug]))
        assert response.status_code == 301
        assert response.url == reverse("topics:detail", args=[target.slug])

    def test_a_retired_topics_page_still_resolves(self, client, tagged, topics):
        source = topics[0]
        source.is_retired = True
        source.save()

        assert client.get(reverse("topics:detail", args=[source.slug])).status_code == 200

    def test_merging_into_itself_does_nothing(self, topics):
        source, _target, _other = topics

        result = merge_topics([source], source)

        assert (result.moved, result.deleted) == (0, 0)
        assert Topic.objects.filter(pk=source.pk).exists()


class TestMergeInTheAdmin:
    def test_editor_merges_and_is_told_how_many_links_moved(self, client, tagged, topics):
        source, target, other = topics
        user = editor("change_topic", "delete_topic", "view_topic")
        client.force_login(user)
        url = merge_url([source.pk, other.pk], next_url=reverse(TOPIC_LIST))

        page = client.get(url)
        assert page.status_code == 200
        assert "polarisatie" in page.content.decode()
        response = client.post(url, {"target": target.pk}, follow=True)

        assert response.redirect_chain[-1][0] == reverse(TOPIC_LIST)
        messages = [str(message) for message in response.context["messages"]]
        assert any("2 topics merged" in m and "5 links moved" in m for m in messages), messages
        assert set(Topic.objects.values_list("name", flat=True)) == {"polarizatie"}
        assert QuestionPageTopic.objects.filter(tag=target).count() == 2
        entry = ModelLogEntry.objects.get(action="community.topic.merge")
        assert entry.object_id == str(target.pk)
        assert entry.user == user
        assert sorted(entry.data["sources"]) == ["polarisatie", "tegenstellingen"]
        history = client.get(reverse("wagtailsnippets_community_topic:history", args=[target.pk]))
        assert "Merged polarisatie, tegenstellingen into this topic: 5 links moved." in (
            history.content.decode()
        )

    def test_the_target_may_be_one_of_the_selected(self, admin_client, tagged, topics):
        source, target, _other = topics

        admin_client.post(merge_url([source.pk, target.pk]), {"target": target.pk})

        assert not Topic.objects.filter(pk=source.pk).exists()
        assert ReplyTopic.objects.filter(tag=target).count() == 2

    def test_merging_a_topic_into_itself_is_a_form_error(self, admin_client, topics):
        source, _target, _other = topics

        response = admin_client.post(merge_url([source.pk]), {"target": source.pk})

        assert response.status_code == 200
        assert "target" in response.context["form"].errors
        assert Topic.objects.filter(pk=source.pk).exists()

    def test_no_target_is_a_form_error(self, admin_client, topics):
        response = admin_client.post(merge_url([topics[0].pk]), {"target": ""})

        assert response.status_code == 200
        assert "target" in response.context["form"].errors

    def test_anonymous_visitor_is_sent_to_the_login_page(self, client, topics):
        response = client.post(merge_url([topics[0].pk]), {"target": topics[1].pk})

        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
        assert Topic.objects.count() == 3

    @pytest.mark.parametrize(
        "codenames",
        [
            ("view_topic",),
            ("change_topic",),
            ("delete_topic",),
            ("add_topic", "change_topic"),
        ],
    )
    def test_without_change_and_delete_permission_it_is_refused(self, client, topics, codenames):
        client.force_login(editor(*codenames))
        url = merge_url([topics[0].pk])

        # Wagtail's admin answers PermissionDenied with its "no permission" redirect home.
        for response in (client.get(url), client.post(url, {"target": topics[1].pk})):
            assert response.status_code == 302
            assert response.url == reverse("wagtailadmin_home")
        assert Topic.objects.count() == 3

    def test_row_menu_offers_merge_only_to_who_may(self, client, topics):
        client.force_login(editor("view_topic", "change_topic"))
        assert "Merge into another topic" not in client.get(reverse(TOPIC_LIST)).content.decode()

        client.force_login(editor("view_topic", "change_topic", "delete_topic"))
        assert "Merge into another topic" in client.get(reverse(TOPIC_LIST)).content.decode()


class TestRetire:
    def test_retiring_sets_the_date_and_unretiring_clears_it(self, topics):
        topic = topics[0]
        topic.is_retired = True
        topic.save()
        assert topic.retired_at is not None

        topic.is_retired = False
        topic.save()
        assert topic.retired_at is None

    def test_editor_retires_a_topic_in_the_admin(self, admin_client, topics):
        topic = topics[0]

        response = admin_client.post(
            reverse("wagtailsnippets_community_topic:edit", args=[topic.pk]),
            {"name": topic.name, "slug": topic.slug, "description": "", "is_retired": "on"},
        )

        assert response.status_code == 302
        topic.refresh_from_db()
        assert topic.is_retired and topic.retired_at

    def test_listing_filters_on_retired(self, admin_client, topics):
        Topic.objects.filter(pk=topics[0].pk).update(is_retired=True)

        response = admin_client.get(reverse(TOPIC_LIST), {"is_retired": "true"})

        assert [topic.name for topic in response.context["object_list"]] == ["polarisatie"]

    def test_existing_links_stay(self, tagged, topics):
        source = topics[0]
        source.is_retired = True
        source.save()

        assert list(tagged["question"].topics.names()) == ["polarisatie"]
        assert tagged["reply"].topics.filter(pk=source.pk).exists()


@pytest.fixture
def retired(topics):
    topic = topics[2]
    topic.is_retired = True
    topic.save()
    return topic


class TestRetiredTopicsAreNotOffered:
    @pytest.mark.parametrize("form_class", [ReplyForm, QuestionForm, ProfileForm])
    def test_member_forms_leave_them_out(self, form_class, retired):
        form = form_class() if form_class is not ProfileForm else ProfileForm()
        field = form.fields["topics" if form_class is not ProfileForm else "expertise"]

        assert retired not in field.queryset
        assert field.queryset.count() == 2

    def test_member_cannot_post_a_retired_topic(self, retired, topics):
        form = QuestionForm(data={"title": "Hoe verbind je buurten?", "topics": [retired.pk]})

        assert not form.is_valid()
        assert "topics" in form.errors

    def test_editing_a_reply_keeps_a_retired_topic_it_carries(self, site_root, retired):
        reply = ReplyFactory()
        reply.topics.add(retired)

        form = ReplyForm(instance=reply, question=reply.question)

        assert retired in form.fields["topics"].queryset

    def test_profile_keeps_a_retired_expertise_it_has(self, retired):
        profile = ProfileFactory()
        profile.expertise.add(retired)

        assert retired in ProfileForm(instance=profile).fields["expertise"].queryset

    def test_admin_autocomplete_leaves_them_out(self, admin_client, topics, retired):
        response = admin_client.get(reverse("community_topic_autocomplete"), {"term": "e"})

        assert response.json() == ["polarisatie", "polarizatie"]

    def test_admin_autocomplete_needs_admin_access(self, client, topics):
        response = client.get(reverse("community_topic_autocomplete"), {"term": "p"})

        assert response.status_code == 302

    def test_admin_field_refuses_a_new_retired_topic_and_free_tags(self, retired, topics):
        field = TopicTagField()

        assert field.clean("polarisatie, nieuw verzonnen") == ["polarisatie"]
        with pytest.raises(ValidationError) as refused:
            field.clean(f"polarisatie, {retired.name}")
        assert refused.value.code == "retired"

    def test_admin_page_form_uses_the_topic_field(self, admin_client, site_root, topics, retired):
        index = QuestionIndexPageFactory(parent=site_root)
        page = QuestionPageFactory(parent=index, topics=[topics[0]])

        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

        field = response.context["form"].fields["topics"]
        assert isinstance(field, TopicTagField)
        assert reverse("community_topic_autocomplete") in response.content.decode()

    def test_admin_keeps_a_retired_topic_the_page_has(self, admin_client, site_root, retired):
        index = QuestionIndexPageFactory(parent=site_root)
        page = QuestionPageFactory(parent=index, topics=[retired])
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        form = admin_client.get(url).context["form"]
        field = form.fields["topics"]
        form["topics"]  # binds the field, as cleaning does

        assert field.clean(retired.name) == [retired.name]

    def test_admin_reply_form_refuses_a_retired_topic(self, admin_client, site_root, retired):
        reply = ReplyFactory()
        url = reverse("wagtailsnippets_questions_reply:edit", args=[reply.pk])
        response = admin_client.get(url)
        form = response.context["form"]
        data = {
            name: "" if value is None else value
            for name, value in form.initial.items()
            if name in form.fields and not isinstance(value, (list, tuple))
        }
        data.update(
            {"question": reply.question_id, "author": reply.author_id, "topics": retired.name}
        )
        data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}

        response = admin_client.post(url, data)

        assert response.status_code == 200
        assert "topics" in response.context["form"].errors
        assert not Reply.objects.get(pk=reply.pk).topics.exists()


def test_question_pages_of_a_merged_topic_still_render(client, tagged, topics):
    source, target, _other = topics
    merge_topics([source], target)

    page = QuestionPage.objects.get(pk=tagged["question"].pk)
    assert client.get(page.url).status_code == 200
