"""generate_bench_data: a realistic data set, in the shapes the site's pages expect."""

import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.search.backends import get_search_backend

import pytest

from community.models import Profile
from community.sanitise import sanitise_html
from home import demo
from home.bench_data import MUNICIPALITIES, SEED_REPLIES
from panels.models import Panel, PanelSession, Registration, RegistrationState
from questions.models import QuestionIndexPage, QuestionPage, Reply

pytestmark = pytest.mark.django_db


def generate(**counts):
    options = {"questions": 6, "replies": 120, "members": 15, "sessions": 12, "seed": 7}
    options.update(counts)
    out = StringIO()
    call_command("generate_bench_data", *[f"--{k}={v}" for k, v in options.items()], stdout=out)
    return out.getvalue()


def bench_questions():
    return QuestionPage.objects.filter(slug__startswith="bench-")


def test_it_creates_the_numbers_asked_for_and_says_so():
    output = generate()

    assert Profile.objects.filter(user__username__startswith="bench-").count() == 15
    assert bench_questions().count() == 6
    assert Reply.objects.filter(author__user__username__startswith="bench-").count() == 120
    assert PanelSession.objects.filter(panel__slug__startswith="bench-").count() == 12
    # Ten sessions to a panel.
    assert Panel.objects.filter(slug__startswith="bench-").count() == 2
    assert "Created 15 members, 6 questions, 120 replies" in output
    assert "Seed question: /vragen/ervaringen-voorkomen-tegengaan-polarisatie/" in output


def test_the_seed_question_gets_exactly_the_benchmark_thread():
    generate()

    seed = QuestionPage.objects.get(slug=demo.QUESTION_SLUG)
    assert seed.replies.filter(status=Reply.Status.PUBLISHED).count() == SEED_REPLIES


def test_questions_are_live_pages_under_the_index_with_topics_and_authors():
    generate()

    index = QuestionIndexPage.objects.get()
    for page in bench_questions():
        assert page.live
        assert page.get_parent().specific == index
        assert page.url_path.startswith(index.url_path)
        assert 1 <= page.topics.count() <= 3
        assert page.author is not None
        assert "?" in page.title


def test_members_come_from_the_provinces_municipalities_and_cannot_log_in():
    generate()

    for profile in Profile.objects.filter(user__username__startswith="bench-"):
        assert profile.municipality in MUNICIPALITIES[profile.province]
        assert profile.display_name
        assert not profile.user.has_usable_password()


def test_replies_are_safe_dutch_html_written_after_their_question():
    generate()

    replies = Reply.objects.filter(author__user__username__startswith="bench-")
    statuses = set(replies.values_list("status", flat=True))
    assert Reply.Status.PUBLISHED in statuses
    for reply in replies.select_related("question"):
        # bulk_create skips Reply.save(), so the generator's HTML must already be clean.
        assert sanitise_html(reply.body) == reply.body
        assert reply.body.startswith("<p>")
        start = datetime.datetime.combine(reply.question.published_on, datetime.time(9))
        assert reply.created_at >= timezone.make_aware(start)
        assert reply.created_at <= timezone.now()


def test_replies_are_in_the_search_index():
    generate()

    found = get_search_backend().search("jongeren", Reply)

    assert len(found) > 0


def test_no_search_index_leaves_the_replies_out_of_search():
    out = StringIO()
    call_command(
        "generate_bench_data",
        "--questions=2",
        "--replies=60",
        "--members=3",
        "--sessions=0",
        "--no-search-index",
        stdout=out,
    )

    assert Reply.objects.count() >= 60
    assert len(get_search_backend().search("jongeren", Reply)) == 0
    assert "indexed for search" not in out.getvalue()


def test_sessions_are_ahead_with_applications_that_keep_the_counters_true():
    generate()

    sessions = PanelSession.objects.filter(panel__slug__startswith="bench-")
    assert all(s.date > timezone.localdate() for s in sessions)
    assert all(s.confirmed_count == 0 for s in sessions)
    registrations = Registration.objects.filter(session__in=sessions)
    assert set(registrations.values_list("state", flat=True)) <= {RegistrationState.APPLIED}
    for registration in registrations:
        assert registration.email_normalised == registration.email.lower()


def test_the_pages_render_for_an_anonymous_visitor(client):
    generate()

    seed = client.get("/vragen/ervaringen-voorkomen-tegengaan-polarisatie/")
    index = client.get("/vragen/")

    assert seed.status_code == 200
    assert index.status_code == 200
    question = bench_questions().first()
    assert question.title in client.get(question.url).content.decode()


def test_a_second_run_adds_another_set():
    generate()
    generate()

    assert bench_questions().count() == 12
    assert Profile.objects.filter(user__username__startswith="bench-").count() == 30


def test_a_negative_count_is_a_clear_error():
    with pytest.raises(CommandError, match="--replies must be 0 or more"):
        generate(replies=-1)
