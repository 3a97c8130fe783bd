"""Members ask a question: it becomes a draft page under the index, submitted to Wagtail's
moderation workflow; the member sees it "in review" and gets a mail when it is published or
sent back."""

from django.core import mail
from django.urls import reverse

from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

import pytest

from questions import services
from questions.models import QuestionPage
from tests.community.factories import TopicFactory
from tests.questions.conftest import choose_english, logged_in
from tests.questions.helpers import main_of

pytestmark = pytest.mark.django_db

TITLE = "Hoe ga je om met spanningen in de jongerenraad?"


def ask(client, index, **data):
    return client.post(
        reverse("questions:ask", args=[index.pk]),
        {"title": TITLE, "explanation": "In onze raad <strong>botst</strong> het vaak.", **data},
    )


@pytest.fixture
def asked(client, question_index, member):
    topic = TopicFactory(name="jongerenparticipatie")
    response = ask(logged_in(client, member), question_index, topics=[topic.pk])
    assert response.status_code == 302
    return QuestionPage.objects.get(title=TITLE)


class TestAsking:
    def test_the_question_is_a_draft_in_moderation(self, client, asked, question_index, member):
        assert not asked.live
        assert asked.get_parent().specific == question_index
        assert asked.author == member
        assert asked.explanation == "<p>In onze raad <strong>botst</strong> het vaak.</p>"
        assert [topic.name for topic in asked.topics.all()] == ["jongerenparticipatie"]
        state = WorkflowState.objects.for_instance(asked).get()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == member.user
        assert asked.get_latest_revision().user == member.user
        # Nobody else finds it on the site.
        client.logout()
        assert TITLE not in client.get(question_index.url).content.decode()
        assert client.get(f"{question_index.url}{asked.slug}/").status_code == 404

    def test_the_member_is_sent_to_see_it_in_review(self, client, question_index, member):
        response = ask(logged_in(client, member), question_index)
        page = QuestionPage.objects.get(title=TITLE)
        assert response["Location"] == reverse("questions:my_question", args=[page.pk])

    def test_my_questions_shows_it_in_review(self, client, asked, member):
        response = choose_english(client).get(reverse("questions:my_questions"))
        item = main_of(response).find(class_="question-summary")
        assert TITLE in item.get_text()
        assert item.find(class_="status").get_text() == "In review"
        detail = choose_english(client).get(reverse("questions:my_question", args=[asked.pk]))
        assert "In review" in main_of(detail).get_text()
        assert "botst" in main_of(detail).find(class_="prose").get_text()

    def test_editors_see_it_awaiting_moderation_in_the_admin(self, admin_client, asked):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[asked.pk]))
        assert response.status_code == 200
        assert asked.current_workflow_task is not None

    def test_an_empty_question_is_refused(self, client, question_index, member):
        response = ask(choose_english(logged_in(client, member)), question_index, title="   ")
        assert response.status_code == 400
        assert "Write your question" in main_of(response).find(id="error-summary").get_text()
        assert not QuestionPage.objects.filter(author=member).exists()

    def test_asking_counts_towards_the_rate_limit(self, client, question_index, member, settings):
        settings.QUESTIONS_POST_RATE_LIMIT = 1
        logged_in(client, member)
        assert ask(client, question_index).status_code == 302
        response = ask(client, question_index, title="Nog een vraag?")
        assert response.status_code == 429
        assert response.context["form"]["title"].value() == "Nog een vraag?"

    def test_two_questions_with_one_title_get_their_own_slugs(self, client, question_index, member):
        logged_in(client, member)
        ask(client, question_index)
        ask(client, question_index)
        slugs = sorted(QuestionPage.objects.filter(title=TITLE).values_list("slug", flat=True))
        assert len(set(slugs)) == 2


class TestOutcome:
    def approve(self, page, user):
        page.refresh_from_db()
        task_state = page.current_workflow_task_state
        task_state.task.specific.on_action(task_state, user, "approve")

    def reject(self, page, user, comment):
        page.refresh_from_db()
        task_state = page.current_workflow_task_state
        task_state.task.specific.on_action(task_state, user, "reject", comment=comment)

    def test_approval_publishes_it_and_mails_the_member(
        self, client, asked, member, admin_user, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            self.approve(asked, admin_user)
        asked.refresh_from_db()
        assert asked.live
        (message,) = [m for m in mail.outbox if m.to == [member.user.email]]
        assert message.extra_headers.get("Auto-Submitted") == "auto-generated"
        assert f"http://testserver{asked.url}" in message.body
        assert "List-Unsubscribe" in message.extra_headers
        response = choose_english(client).get(reverse("questions:my_questions"))
        assert main_of(response).find(class_="status").get_text() == "Published"
        assert client.get(asked.url).status_code == 200

    def test_later_publications_do_not_mail_again(
        self, asked, member, admin_user, django_capture_on_commit_callbacks
    ):
        self.approve(asked, admin_user)
        mail.outbox.clear()
        asked.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            asked.save_revision(user=admin_user).publish()
        assert [m for m in mail.outbox if m.to == [member.user.email]] == []

    def test_rejection_mails_the_member_with_the_comment(
        self, client, asked, member, admin_user, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            self.reject(asked, admin_user, "Maak de vraag iets concreter.")
        asked.refresh_from_db()
        assert not asked.live
        (message,) = [m for m in mail.outbox if m.to == [member.user.email]]
        assert message.extra_headers.get("Auto-Submitted") == "auto-generated"
        assert "Maak de vraag iets concreter." in message.body
        response = choose_english(client).get(reverse("questions:my_questions"))
        item = main_of(response).find(class_="question-summary")
        assert item.find(class_="status").get_text() == "Changes requested"
        assert "Maak de vraag iets concreter." in item.get_text()

    def test_a_question_an_editor_wrote_mails_nobody(
        self, question_index, member, admin_user, django_capture_on_commit_callbacks
    ):
        page = QuestionPage(title="Door de redactie", slug="redactie", author=member)
        question_index.add_child(instance=page)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision(user=admin_user).publish()
        assert mail.outbox == []


class TestWorkflow:
    def test_wagtails_default_workflow_is_used_when_it_applies(self, question_index):
        default = Workflow.objects.get(name="Moderators approval")
        assert question_index.get_workflow() == default
        assert services.ensure_question_workflow(question_index) == default
        assert not WorkflowPage.objects.filter(page=question_index).exists()

    def test_a_site_without_a_workflow_gets_one_on_the_index(self, question_index):
        WorkflowPage.objects.all().delete()
        Workflow.objects.all().delete()
        assert question_index.get_workflow() is None

        workflow = services.ensure_question_workflow(question_index)

        assert question_index.get_workflow() == workflow
        (task,) = [task.specific for task in workflow.tasks]
        assert isinstance(task, GroupApprovalTask)
        assert sorted(task.groups.values_list("name", flat=True)) == ["Editors", "Moderators"]
        # Asked again: the same workflow, no second one.
        assert services.ensure_question_workflow(question_index) == workflow
        assert Workflow.objects.count() == 1

    def test_asking_on_a_site_without_a_workflow_still_goes_to_review(
        self, client, question_index, member
    ):
        WorkflowPage.objects.all().delete()
        response = ask(logged_in(client, member), question_index)
        assert response.status_code == 302
        page = QuestionPage.objects.get(title=TITLE)
        assert WorkflowState.objects.for_instance(page).get().status == "in_progress"


class TestIndexLinks:
    def test_members_are_offered_to_ask(self, client, question_index, member):
        main = main_of(logged_in(client, member).get(question_index.url))
        hrefs = [a["href"] for a in main.select(".question-actions a")]
        assert hrefs == [
            reverse("questions:ask", args=[question_index.pk]),
            reverse("questions:my_questions"),
        ]

    def test_visitors_are_offered_to_log_in_first(self, client, question_index):
        main = main_of(client.get(question_index.url))
        (link,) = main.select(".question-actions a")
        assert (
            link["href"]
            == f"{reverse('account_login')}?next={question_index.url.replace('/', '%2F')}"
        )


class TestAuthorFollows:
    def test_an_editor_written_question_is_followed_by_its_author_when_published(
        self, question_index, member, admin_user
    ):
        from questions.models import Follow

        page = QuestionPage(title="Door de redactie", slug="redactie", author=member)
        question_index.add_child(instance=page)
        assert not Follow.objects.filter(profile=member).exists()
        page.save_revision(user=admin_user).publish()
        assert Follow.objects.filter(profile=member, question=page).exists()

    def test_a_later_publication_does_not_make_them_follow_again(
        self, question_index, member, admin_user
    ):
        from questions.models import Follow

        page = QuestionPage(title="Door de redactie", slug="redactie", author=member)
        question_index.add_child(instance=page)
        page.save_revision(user=admin_user).publish()
        services.unfollow(member, page)
        page.save_revision(user=admin_user).publish()
        assert not Follow.objects.filter(profile=member, question=page).exists()
