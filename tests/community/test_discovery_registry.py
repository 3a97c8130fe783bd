"""The discovery registry: what each app registers, and that its public querysets, filters
and ordering keep hidden content out and narrow correctly."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from community import discovery
from questions.models import Reply
from tests.community.factories import TopicFactory
from tests.panels.factories import PanelFactory, PanelSessionFactory
from tests.questions.factories import QuestionPageFactory, ReplyFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def keys(queryset):
    return sorted(item.pk for item in queryset)


def test_the_apps_register_four_kinds_in_order():
    assert [kind.key for kind in discovery.kinds()] == [
        "questions",
        "experiences",
        "resources",
        "sessions",
    ]
    for kind in discovery.kinds():
        assert str(kind.label)
        assert kind.template.endswith(".html")
    assert discovery.get_kind("resources").has_region is False
    assert discovery.get_kind("sessions").has_region is True


def test_register_replaces_and_unregister_removes():
    class Extra(discovery.DiscoveryKind):
        key = "extra"
        position = 5

    try:
        discovery.register(Extra())
        assert discovery.kinds()[0].key == "extra"
        replacement = discovery.register(Extra())
        assert discovery.get_kind("extra") is replacement
    finally:
        discovery.unregister("extra")
    with pytest.raises(KeyError):
        discovery.get_kind("extra")
    with pytest.raises(ValueError):
        discovery.register(discovery.DiscoveryKind())
    with pytest.raises(NotImplementedError):
        discovery.DiscoveryKind().public()


def test_public_questions_are_live_and_unrestricted(question_index):
    live = QuestionPageFactory(parent=question_index)
    draft = QuestionPageFactory(parent=question_index, live=False)
    private = QuestionPageFactory(parent=question_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    public = discovery.get_kind("questions").public()

    assert keys(public) == [live.pk]
    assert draft.pk not in keys(public)


def test_public_experiences_are_published_replies_of_public_questions(question_index):
    live = QuestionPageFactory(parent=question_index)
    draft = QuestionPageFactory(parent=question_index, live=False)
    private = QuestionPageFactory(parent=question_index)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    published = ReplyFactory(question=live)
    ReplyFactory(question=live, status=Reply.Status.PENDING)
    ReplyFactory(question=live, status=Reply.Status.HIDDEN)
    ReplyFactory(question=draft)
    ReplyFactory(question=private)

    assert keys(discovery.get_kind("experiences").public()) == [published.pk]


def test_filter_topic_keeps_only_tagged_items_once(question_index):
    topic, other = TopicFactory(name="polarisatie"), TopicFactory(name="jongerenwerk")
    tagged = QuestionPageFactory(parent=question_index, topics=[topic, other])
    QuestionPageFactory(parent=question_index, topics=[other])
    reply = ReplyFactory(question=tagged)
    reply.topics.add(topic, other)
    ReplyFactory(question=tagged)
    resource = ResourceFactory()
    resource.topics.add(topic)
    ResourceFactory(url="https://example.org/other")
    panel = PanelFactory()
    panel.topics.add(topic)
    panel.save()
    sessions = [PanelSessionFactory(panel=panel), PanelSessionFactory(panel=panel)]
    PanelSessionFactory()

    found = {kind.key: keys(kind.listing(topic=topic)) for kind in discovery.kinds()}

    assert found == {
        "questions": [tagged.pk],
        "experiences": [reply.pk],
        "resources": [resource.pk],
        "sessions": sorted(session.pk for session in sessions),
    }
    # A topic's pk works as well as the topic.
    assert keys(discovery.get_kind("questions").listing(topic=topic.pk)) == [tagged.pk]


def test_filter_province(question_index):
    limburg = QuestionPageFactory(parent=question_index, province="limburg")
    QuestionPageFactory(parent=question_index, province="groningen")
    nowhere = QuestionPageFactory(parent=question_index)
    own_region = ReplyFactory(question=nowhere, province="limburg")
    inherits = ReplyFactory(question=limburg)
    ReplyFactory(question=limburg, province="zeeland")
    resource = ResourceFactory()
    venlo = PanelSessionFactory(city="Venlo", province="limburg")
    PanelSessionFactory(city="Assen", province="drenthe")

    def found(key, provinces):
        return keys(discovery.get_kind(key).listing(provinces=provinces))

    assert found("questions", "limburg") == [limburg.pk]
    assert found("experiences", "limburg") == sorted([own_region.pk, inherits.pk])
    assert found("resources", "limburg") == [resource.pk]
    assert found("sessions", ["limburg"]) == [venlo.pk]
    assert len(found("sessions", ["limburg", "drenthe"])) == 2
    assert len(found("sessions", None)) == 2


def test_filter_dates(question_index):
    early = QuestionPageFactory(parent=question_index, published_on=datetime.date(2022, 1, 5))
    late = QuestionPageFactory(parent=question_index, published_on=datetime.date(2022, 6, 5))
    reply = ReplyFactory(
        question=early, created_at=timezone.make_aware(datetime.datetime(2022, 3, 1, 23, 30))
    )
    ReplyFactory(question=early, created_at=timezone.make_aware(datetime.datetime(2021, 3, 1)))
    old = ResourceFactory(year=2019)
    ResourceFactory(url="https://example.org/new", year=2023)
    ResourceFactory(url="https://example.org/undated", year=None)
    session = PanelSessionFactory(date=datetime.date(2022, 3, 2))
    PanelSessionFactory(date=datetime.date(2023, 3, 2))

    start, end = datetime.date(2019, 1, 1), datetime.date(2022, 3, 31)

    def found(key, **bounds):
        return keys(discovery.get_kind(key).listing(**bounds))

    assert found("questions", start=start, end=end) == [early.pk]
    assert found("questions", start=datetime.date(2022, 3, 1)) == [late.pk]
    assert found("experiences", start=datetime.date(2022, 3, 1), end=end) == [reply.pk]
    assert found("resources", start=start, end=end) == [old.pk]
    assert found("sessions", end=end) == [session.pk]
    assert len(found("resources")) == 3


def test_a_kind_without_dates_is_left_out_of_a_date_range():
    class Undated(discovery.DiscoveryKind):
        key = "undated"
        model = Reply

        def public(self):
            return Reply.objects.all()

    kind = Undated()
    assert kind.has_dates is False
    assert kind.filter_dates(Reply.objects.all(), start=datetime.date(2022, 1, 1)).query.is_empty()
    assert not kind.filter_dates(Reply.objects.all()).query.is_empty()


def test_orderings(question_index):
    older = QuestionPageFactory(parent=question_index, published_on=datetime.date(2022, 1, 1))
    newer = QuestionPageFactory(parent=question_index, published_on=datetime.date(2022, 2, 1))
    today = timezone.localdate()
    held_long_ago = PanelSessionFactory(date=today - datetime.timedelta(days=60))
    held_recently = PanelSessionFactory(date=today - datetime.timedelta(days=2))
    later = PanelSessionFactory(date=today + datetime.timedelta(days=30))
    soon = PanelSessionFactory(date=today + datetime.timedelta(days=3))

    questions = list(discovery.get_kind("questions").listing())
    sessions = list(discovery.get_kind("sessions").listing())

    assert questions == [newer, older]
    assert sessions == [soon, later, held_recently, held_long_ago]


def test_counts_by_topic_count_public_items_only(question_index):
    topic, other = TopicFactory(name="polarisatie"), TopicFactory(name="coronabeleid")
    question = QuestionPageFactory(parent=question_index, topics=[topic, other])
    QuestionPageFactory(parent=question_index, topics=[topic], live=False)
    shown = ReplyFactory(question=question)
    shown.topics.add(topic)
    hidden = ReplyFactory(question=question, status=Reply.Status.HIDDEN)
    hidden.topics.add(topic)
    panel = PanelFactory()
    panel.topics.add(topic)
    panel.save()
    PanelSessionFactory(panel=panel)
    PanelSessionFactory(panel=panel)

    counts = {kind.key: kind.counts_by_topic() for kind in discovery.kinds()}

    assert counts == {
        "questions": {topic.pk: 1, other.pk: 1},
        "experiences": {topic.pk: 1},
        "resources": {},
        "sessions": {topic.pk: 2},
    }
