"""Moderation rules in questions.services, and the reply's admin excerpt."""

import pytest

from questions import services
from questions.models import REPLY_EXCERPT_CHARS, Reply
from tests.questions.factories import ReplyFactory

pytestmark = pytest.mark.django_db

PUBLISHED, PENDING, HIDDEN = Reply.Status.PUBLISHED, Reply.Status.PENDING, Reply.Status.HIDDEN


def states(*replies):
    for reply in replies:
        reply.refresh_from_db()
    return [(reply.status, reply.is_featured) for reply in replies]


def test_publish_counts_only_replies_it_changed():
    done, pending, hidden = (
        ReplyFactory(status=PUBLISHED),
        ReplyFactory(status=PENDING),
        ReplyFactory(status=HIDDEN),
    )
    assert services.publish_replies([done, pending, hidden]) == 2
    assert states(done, pending, hidden) == [(PUBLISHED, False)] * 3


def test_hide_also_drops_featuring():
    featured, plain, hidden = (
        ReplyFactory(is_featured=True),
        ReplyFactory(),
        ReplyFactory(status=HIDDEN),
    )
    assert (
        services.hide_replies(Reply.objects.filter(pk__in=[featured.pk, plain.pk, hidden.pk])) == 2
    )
    assert states(featured, plain, hidden) == [(HIDDEN, False)] * 3


def test_feature_publishes_what_it_features():
    pending, featured = ReplyFactory(status=PENDING), ReplyFactory(is_featured=True)
    assert services.feature_replies([pending, featured]) == 1
    assert states(pending, featured) == [(PUBLISHED, True)] * 2


def test_unfeature_leaves_the_status_alone():
    featured, plain = ReplyFactory(is_featured=True), ReplyFactory(status=PENDING)
    assert services.unfeature_replies([featured, plain]) == 1
    assert states(featured, plain) == [(PUBLISHED, False), (PENDING, False)]


def test_services_touch_only_the_given_replies():
    target, bystander = ReplyFactory(), ReplyFactory()
    services.hide_replies([target])
    assert states(bystander) == [(PUBLISHED, False)]


def test_excerpt_is_one_line_of_plain_text():
    reply = ReplyFactory(body="<p>Eerste &amp; <strong>vette</strong></p>\n<p>tweede</p>")
    assert reply.excerpt == "Eerste & vette tweede"


def test_excerpt_is_cut_short():
    reply = ReplyFactory(body="<p>" + "woord " * 100 + "</p>")
    assert len(reply.excerpt) == REPLY_EXCERPT_CHARS
    assert reply.excerpt.endswith("…")
