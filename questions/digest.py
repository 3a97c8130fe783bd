"""The weekly digest: what happened in the community in the week before, per member.

``send_weekly_digests`` (run by ``manage.py community_send_digest``, e.g. from cron every
Monday) queues one e-mail per member who asked for it. A DigestDelivery row per member and
week makes it idempotent: running it again in the same week sends nothing new.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import Profile

from . import notifications
from .models import DigestDelivery, QuestionPage, Reply
from .notifications import absolute_url


def week_start_of(day):
    """The Monday of ``day``'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def period_for(week_start):
    """The seven days the digest of ``week_start`` covers: the week before it, as aware
    datetimes in the site's time zone, start included and end excluded."""
    start = week_start - datetime.timedelta(days=7)
    tz = timezone.get_current_timezone()
    as_datetime = datetime.datetime.combine
    return (
        timezone.make_aware(as_datetime(start, datetime.time.min), tz),
        timezone.make_aware(as_datetime(week_start, datetime.time.min), tz),
    )


@dataclass
class FollowedQuestion:
    """A followed question in the digest, with how many new replies it had."""

    question: QuestionPage
    url: str
    reply_count: int


@dataclass
class DigestContent:
    """What one member's digest tells: new questions and new replies on what they follow."""

    new_questions: list = field(default_factory=list)
    followed: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.new_questions and not self.followed


def content_for(profile, week_start):
    """The digest of ``profile`` for the week starting ``week_start``."""
    start, end = period_for(week_start)
    new_questions = [
        (page, absolute_url(page.url or ""))
        for page in QuestionPage.objects.live()
        .filter(first_published_at__gte=start, first_published_at__lt=end)
        .order_by("first_published_at", "pk")
    ]
    replies = (
        Reply.objects.filter(
            status=Reply.Status.PUBLISHED,
            created_at__gte=start,
            created_at__lt=end,
            question__follows__profile=profile,
            question__live=True,
        )
        .exclude(author=profile)
        .select_related("question")
        .order_by("question_id", "created_at")
    )
    followed = {}
    for reply in replies:
        entry = followed.setdefault(
            reply.question_id,
            FollowedQuestion(reply.question, absolute_url(reply.question.url or ""), 0),
        )
        entry.reply_count += 1
    return DigestContent(new_questions=new_questions, followed=list(followed.values()))


def recipients():
    """The members who asked for the weekly digest and can be mailed."""
    return (
        Profile.objects.filter(weekly_digest=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )


@dataclass
class DigestRun:
    """What one run of the digest did, for the command's report."""

    queued: int = 0
    already_sent: int = 0
    nothing_new: int = 0


def send_weekly_digests(today=None):
    """Queue this week's digest for every member who wants one and has not had it yet.

    A member with nothing to read this week gets no e-mail and no delivery row, so a later
    run in the same week can still send one if something was approved in the meantime.
    """
    week_start = week_start_of(today or timezone.localdate())
    run = DigestRun()
    already = set(
        DigestDelivery.objects.filter(week_start=week_start).values_list("profile_id", flat=True)
    )
    for profile in recipients():
        if profile.pk in already:
            run.already_sent += 1
            continue
        if content_for(profile, week_start).is_empty:
            run.nothing_new += 1
            continue
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(profile=profile, week_start=week_start)
                notifications.digest(profile, week_start)
        except IntegrityError:
            # A run started at the same moment got there first.
            run.already_sent += 1
            continue
        run.queued += 1
    return run
