"""The rules of the questions app: posting, moderation, flags, helpful marks and follows.

Views and admin actions call these functions and nothing else changes state, so every path
(member form, bulk action, row menu, admin edit) applies the same rules and sends the same
e-mails. E-mails are queued after the transaction commits (see ``notifications``).
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState, WorkflowTask
from wagtail.users.models import UserProfile

from community.ratelimit import RateLimit

from . import notifications
from .conf import get_setting
from .models import Follow, HelpfulMark, QuestionPage, Reply, ReplyFlag

#: The reply fields a member fills in (besides topics).
REPLY_FIELDS = (
    "body",
    "experience_setting",
    "what_happened",
    "what_i_did",
    "what_worked",
    "what_did_not_work",
    "resource",
    "province",
    "municipality",
)
#: The name of the workflow created for members' questions when none applies yet.
QUESTION_WORKFLOW_NAME = "Moderators approval"


class QuestionsError(Exception):
    """A rule refused the action; ``message`` says why, for the member."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(QuestionsError):
    """The member may not do this to this reply (their own, or someone else's)."""


class RateLimited(QuestionsError):
    """The member posted too often; ``retry_after`` seconds until they may post again."""

    def __init__(self, retry_after):
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            ngettext(
                "You have posted a lot in a short time. Please wait %(minutes)d minute "
                "before you post again; your text is kept below.",
                "You have posted a lot in a short time. Please wait %(minutes)d minutes "
                "before you post again; your text is kept below.",
                minutes,
            )
            % {"minutes": minutes}
        )
        self.retry_after = retry_after


# Posting ----------------------------------------------------------------------------------


def post_rate_limit():
    """The limit on new replies and questions per member (settings are read each time, so
    tests and projects can change them)."""
    return RateLimit(
        "questions:posts",
        limit=get_setting("QUESTIONS_POST_RATE_LIMIT"),
        window=get_setting("QUESTIONS_POST_RATE_WINDOW"),
    )


def check_rate_limit(profile):
    """Raise RateLimited when ``profile`` may not post now."""
    retry_after = post_rate_limit().retry_after(profile.pk)
    if retry_after:
        raise RateLimited(retry_after)


def is_moderator(user):
    """Editors who moderate replies: their own posts never wait for approval."""
    return user.is_active and (user.is_superuser or user.has_perm("questions.change_reply"))


def needs_approval(profile):
    """Whether a new reply by ``profile`` waits for an editor: true for a member's first
    QUESTIONS_MODERATE_FIRST_POSTS posts, counting replies and questions that made it onto
    the site."""
    threshold = get_setting("QUESTIONS_MODERATE_FIRST_POSTS")
    if threshold <= 0 or is_moderator(profile.user):
        return False
    approved = Reply.objects.filter(author=profile, status=Reply.Status.PUBLISHED).count()
    if approved < threshold:
        approved += QuestionPage.objects.live().filter(author=profile).count()
    return approved < threshold


def _reply_values(reply, data):
    for field in REPLY_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field != "resource":
                value = ""
            setattr(reply, field, value)


@transaction.atomic
def create_reply(question, author, data):
    """Post ``author``'s reply (``data``: REPLY_FIELDS and ``topics``) on ``question``.

    The reply is published at once, or waits for approval while the author is new. The
    author follows the question from now on; followers hear of a published reply.
    """
    check_rate_limit(author)
    reply = Reply(
        question=question,
        author=author,
        status=Reply.Status.PENDING if needs_approval(author) else Reply.Status.PUBLISHED,
    )
    _reply_values(reply, data)
    reply.save()
    reply.topics.set(list(data.get("topics") or []))
    post_rate_limit().hit(author.pk)
    follow(author, question)
    log(instance=reply, action="wagtail.create", user=author.user)
    if reply.is_published:
        notifications.reply_published(reply)
    return reply


def check_own_reply(reply, profile):
    """Raise NotAllowed unless ``profile`` wrote ``reply``."""
    if not reply.is_by(profile):
        raise NotAllowed(_("Only the author can change or delete this reply."))


@transaction.atomic
def update_reply(reply, profile, data):
    """Save the author's changes and mark the reply as edited. The status stays: an edit
    neither skips nor repeats moderation, and followers are not told again."""
    check_own_reply(reply, profile)
    _reply_values(reply, data)
    reply.edited_at = timezone.now()
    reply.save()
    if "topics" in data:
        reply.topics.set(list(data["topics"] or []))
    log(instance=reply, action="wagtail.edit", user=profile.user)
    return reply


@transaction.atomic
def delete_reply(reply, profile):
    """Delete the author's own reply, with its flags and helpful marks."""
    check_own_reply(reply, profile)
    log(instance=reply, action="wagtail.delete", user=profile.user)
    reply.delete()


# Members' questions -----------------------------------------------------------------------


def ensure_question_workflow(index):
    """The moderation workflow for questions asked under ``index``.

    Wagtail's migrations give every site a "Moderators approval" workflow on the root page;
    a site that removed it (or a test database that was flushed) gets one of its own on the
    question index, with a group approval task for QUESTIONS_MODERATOR_GROUPS, so that a
    member's question never goes live unreviewed. None when workflows are switched off.
    """
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return None
    workflow = index.get_workflow()
    if workflow is not None:
        return workflow
    with transaction.atomic():
        workflow = Workflow.objects.filter(
            name=QUESTION_WORKFLOW_NAME, active=True
        ).first() or Workflow.objects.create(name=QUESTION_WORKFLOW_NAME, active=True)
        if not workflow.workflow_tasks.exists():
            task = GroupApprovalTask.objects.create(name=QUESTION_WORKFLOW_NAME)
            task.groups.set(
                Group.objects.filter(name__in=get_setting("QUESTIONS_MODERATOR_GROUPS"))
            )
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ask_question(index, author, data):
    """Create ``author``'s question under ``index`` as a draft and submit it for moderation.

    ``data`` holds ``title``, ``explanation`` (safe HTML), ``topics`` and optionally
    ``province`` and ``municipality``. The author follows
    the question and is told by e-mail when it is published or sent back.
    """
    check_rate_limit(author)
    title = data["title"]
    page = QuestionPage(
        title=title,
        slug=find_available_slug(index, slugify(title)[:80] or "vraag"),
        author=author,
        explanation=data.get("explanation") or "",
        province=data.get("province") or "",
        municipality=data.get("municipality") or "",
        live=False,
        published_on=timezone.localdate(),
    )
    index.add_child(instance=page)
    topics = list(data.get("topics") or [])
    if topics:
        page.topics.set(topics)
        page.save()
    page.save_revision(user=author.user, log_action=True)
    _leave_outcome_mails_to_us(author.user)
    workflow = ensure_question_workflow(index)
    if workflow is not None:
        workflow.start(page, author.user)
    post_rate_limit().hit(author.pk)
    follow(author, page)
    return page


def _leave_outcome_mails_to_us(user):
    """Wagtail mails whoever submitted a page when it is approved or rejected, with links into
    the admin; a member cannot open those, and gets this app's mail with public links instead."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


class QuestionState:
    """Where a member's question stands, as the member sees it on "my questions"."""

    PUBLISHED = "published"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    DRAFT = "draft"

    LABELS = {
        PUBLISHED: _("Published"),
        IN_REVIEW: _("In review"),
        CHANGES_REQUESTED: _("Changes requested"),
        DRAFT: _("Draft"),
    }


def question_states(pages):
    """``{page.pk: (state, editor's comment)}`` for the given question pages, in two queries
    however many there are."""
    pages = list(pages)
    states = {}
    latest = {}
    if pages:
        workflow_states = (
            WorkflowState.objects.filter(
                base_content_type=pages[0].get_base_content_type(),
                object_id__in=[str(page.pk) for page in pages],
            )
            .exclude(status=WorkflowState.STATUS_CANCELLED)
            .select_related("current_task_state")
            .order_by("created_at", "pk")
        )
        for workflow_state in workflow_states:
            latest[workflow_state.object_id] = workflow_state
    for page in pages:
        workflow_state = latest.get(str(page.pk))
        comment = ""
        if page.live:
            state = QuestionState.PUBLISHED
        elif workflow_state and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
            state = QuestionState.IN_REVIEW
        elif workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state = QuestionState.CHANGES_REQUESTED
            task_state = workflow_state.current_task_state
            comment = task_state.comment if task_state else ""
        else:
            state = QuestionState.DRAFT
        states[page.pk] = (state, comment)
    return states


def asked_by_member(page):
    """Whether ``page``'s author submitted it for moderation themselves (on the site),
    rather than an editor writing it on their behalf."""
    if page.author is None or page.author.user_id is None:
        return False
    return (
        WorkflowState.objects.for_instance(page)
        .filter(requested_by_id=page.author.user_id)
        .exists()
    )


# Moderation -------------------------------------------------------------------------------


def _rows(replies):
    """The given replies (a queryset or any iterable of them) as one update-able queryset."""
    return Reply.objects.filter(pk__in=[reply.pk for reply in replies])


def _moderation(by, reason):
    return {
        "moderated_by": by if getattr(by, "is_authenticated", False) else None,
        "moderated_at": timezone.now(),
        "moderation_reason": reason or "",
    }


def _resolve_flags(replies, by):
    ReplyFlag.objects.filter(reply__in=_rows(replies), resolved_at__isnull=True).update(
        resolved_at=timezone.now(),
        resolved_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _log(changed, action, by, reason):
    user = by if getattr(by, "is_authenticated", False) else None
    for reply in changed:
        log(instance=reply, action=action, user=user, data={"reason": reason or ""})


def _lock(queryset):
    """The replies to change, locked, so two editors approving at once change each once."""
    return list(queryset.select_for_update(of=("self",)).select_related("author__user", "question"))


def _after_publication(changed):
    """Tell each newly published reply's author (if it waited) and the question's followers."""
    for reply in changed:
        if reply.previous_status == Reply.Status.PENDING:
            notifications.reply_approved(reply)
        notifications.reply_published(reply)


@transaction.atomic
def publish_replies(replies, by=None, reason=""):
    """Make the replies visible on their question and close their flags. Authors of replies
    that waited are told, and followers hear of each reply once. Returns how many changed."""
    changed = _lock(_rows(replies).exclude(status=Reply.Status.PUBLISHED))
    for reply in changed:
        reply.previous_status = reply.status
    Reply.objects.filter(pk__in=[reply.pk for reply in changed]).update(
        status=Reply.Status.PUBLISHED, **_moderation(by, reason)
    )
    _resolve_flags(replies, by)
    _log(changed, "questions.reply.publish", by, reason)
    _after_publication(changed)
    return len(changed)


@transaction.atomic
def hide_replies(replies, by=None, reason=""):
    """Take the replies off their question (they are kept) and drop any featuring, so
    publishing one again later never silently puts it back at the top of the thread.
    The authors are told, with the reason. Returns how many changed."""
    changed = _lock(_rows(replies).exclude(status=Reply.Status.HIDDEN, is_featured=False))
    newly_hidden = [reply for reply in changed if reply.status != Reply.Status.HIDDEN]
    Reply.objects.filter(pk__in=[reply.pk for reply in changed]).update(
        status=Reply.Status.HIDDEN, is_featured=False, **_moderation(by, reason)
    )
    _resolve_flags(replies, by)
    _log(changed, "questions.reply.hide", by, reason)
    for reply in newly_hidden:
        notifications.reply_hidden(reply)
    return len(changed)


@transaction.atomic
def feature_replies(replies, by=None, reason=""):
    """Show the replies first on their question. Featuring is an endorsement of what visitors
    read, so a pending or hidden reply is published with it. Returns how many changed."""
    changed = _lock(_rows(replies).exclude(status=Reply.Status.PUBLISHED, is_featured=True))
    for reply in changed:
        reply.previous_status = reply.status
    newly_published = [reply for reply in changed if reply.status != Reply.Status.PUBLISHED]
    Reply.objects.filter(pk__in=[reply.pk for reply in changed]).update(
        status=Reply.Status.PUBLISHED, is_featured=True
    )
    if newly_published:
        Reply.objects.filter(pk__in=[reply.pk for reply in newly_published]).update(
            **_moderation(by, reason)
        )
    _resolve_flags(replies, by)
    _log(changed, "questions.reply.feature", by, reason)
    _after_publication(newly_published)
    return len(changed)


@transaction.atomic
def unfeature_replies(replies, by=None, reason=""):
    """Put the replies back in date order among the others. Returns how many changed."""
    changed = _lock(_rows(replies).filter(is_featured=True))
    Reply.objects.filter(pk__in=[reply.pk for reply in changed]).update(is_featured=False)
    _log(changed, "questions.reply.unfeature", by, reason)
    return len(changed)


def after_admin_edit(reply, previous_status, by):
    """An editor changed ``reply`` in its admin form: apply what a change of status means,
    as the moderation actions do (tell the author and the followers)."""
    if reply.status == previous_status:
        return
    Reply.objects.filter(pk=reply.pk).update(**_moderation(by, reply.moderation_reason))
    if reply.status == Reply.Status.PUBLISHED:
        reply.previous_status = previous_status
        _after_publication([reply])
    elif reply.status == Reply.Status.HIDDEN:
        notifications.reply_hidden(reply)


# What members do with replies -------------------------------------------------------------


def _check_public(reply):
    if not reply.is_published:
        raise NotAllowed(_("This reply is not published."))


def flag_reply(reply, profile, reason, note=""):
    """Ask the editors to look at ``reply``. One open or closed flag per member and reply;
    raises NotAllowed for the author's own reply or a second flag."""
    _check_public(reply)
    if reply.is_by(profile):
        raise NotAllowed(_("You cannot flag your own reply; you can edit or delete it."))
    try:
        with transaction.atomic():
            return ReplyFlag.objects.create(
                reply=reply, flagged_by=profile, reason=reason, note=note
            )
    except IntegrityError:
        raise NotAllowed(_("You have already flagged this reply. Thank you!")) from None


def mark_helpful(reply, profile):
    """``profile`` found ``reply`` helpful. Marking twice counts once; True if it was new."""
    _check_public(reply)
    if reply.is_by(profile):
        raise NotAllowed(_("You cannot mark your own reply as helpful."))
    try:
        with transaction.atomic():
            HelpfulMark.objects.create(reply=reply, profile=profile)
    except IntegrityError:
        return False
    return True


def unmark_helpful(reply, profile):
    """Take back ``profile``'s helpful mark on ``reply``. True if there was one."""
    deleted, _details = HelpfulMark.objects.filter(reply=reply, profile=profile).delete()
    return bool(deleted)


def follow(profile, question):
    """``profile`` follows ``question`` (again); True if they did not already."""
    _follow, created = Follow.objects.get_or_create(profile=profile, question=question)
    return created


def unfollow(profile, question):
    """``profile`` stops following ``question``; True if they did follow it."""
    deleted, _details = Follow.objects.filter(profile=profile, question=question).delete()
    return bool(deleted)
