"""The weekly digest (manage.py community_send_digest): for members who asked for it, with
the week's new questions and new replies on what they follow, once per week."""

import datetime
import io
import re

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

import pytest

from community.models import Profile
from questions.digest import period_for, week_start_of
from questions.models import DigestDelivery, Reply
from tests.community.factories import ProfileFactory
from tests.questions.factories import FollowFactory, QuestionPageFactory, ReplyFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 5, 13)
LAST_WEEK = timezone.make_aware(datetime.datetime(2024, 5, 8, 10, 0))


def run(today=MONDAY):
    out = io.StringIO()
    call_command("community_send_digest", today=today.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def reader(question):
    profile = ProfileFactory(display_name="Lotte", weekly_digest=True)
    FollowFactory(profile=profile, question=question)
    return profile


@pytest.fixture
def week(question, question_index, reader):
    """Last week: a new question, two replies on the followed one, and older or hidden ones."""
    new = QuestionPageFactory(parent=question_index, title="Nieuwe vraag van vorige week")
    type(new).objects.filter(pk=new.pk).update(first_published_at=LAST_WEEK)
    ReplyFactory.create_batch(2, question=question, created_at=LAST_WEEK)
    ReplyFactory(question=question, created_at=LAST_WEEK, status=Reply.Status.HIDDEN)
    ReplyFactory(question=question, created_at=LAST_WEEK, author=reader)
    ReplyFactory(question=question, created_at=LAST_WEEK - datetime.timedelta(days=14))
    return new


def test_the_week_before_this_monday():
    assert week_start_of(datetime.date(2024, 5, 16)) == MONDAY
    start, end = period_for(MONDAY)
    assert timezone.localtime(start).date() == datetime.date(2024, 5, 6)
    assert timezone.localtime(end).date() == MONDAY


def test_digest_lists_new_questions_and_replies_on_followed_ones(
    week, question, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "Digests queued for the week of 2024-05-13: 1" in output
    (message,) = mail.outbox
    assert message.to == [reader.user.email]
    assert "Nieuwe vraag van vorige week" in message.body
    assert question.title in message.body
    # Two published replies by others; not the hidden one, the reader's own or older ones.
    assert re.search(r"\(2 \w+ \w+\)", message.body)
    assert "List-Unsubscribe" in message.extra_headers


def test_running_again_in_the_same_week_sends_nothing(
    week, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run()
        output = run(MONDAY + datetime.timedelta(days=3))
    assert len(mail.outbox) == 1
    assert "already sent this week: 1" in output
    assert DigestDelivery.objects.get().week_start == MONDAY


def test_next_week_is_a_new_digest(week, reader, question, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run()
        ReplyFactory(question=question, created_at=LAST_WEEK + datetime.timedelta(days=7))
        run(MONDAY + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_only_members_who_asked_for_it(week, reader, question, django_capture_on_commit_callbacks):
    FollowFactory(profile=ProfileFactory(weekly_digest=False), question=question)
    inactive = ProfileFactory(weekly_digest=True)
    inactive.user.is_active = False
    inactive.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert [m.to for m in mail.outbox] == [[reader.user.email]]


def test_a_quiet_week_sends_nothing(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert mail.outbox == []
    assert "nothing new: 1" in output
    assert not DigestDelivery.objects.exists()


def test_unsubscribe_from_the_digest(week, reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run()
    (link,) = re.findall(r"http://testserver(/questions/unsubscribe/[^/\s]+/)", mail.outbox[0].body)
    assert Client().post(link).status_code == 200
    assert Profile.objects.get(pk=reader.pk).weekly_digest is False


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("community_send_digest", today="13-05-2024")
