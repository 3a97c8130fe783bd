"""Member replies and what members do with them: topics, helpful marks and flags."""

import html

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from community.models import Region, Topic
from community.sanitise import sanitise_html

from .resources import Resource

# Characters of a reply shown in one line of an admin listing.
REPLY_EXCERPT_CHARS = 80


class ReplyTopic(ItemBase):
    """Links a reply to a community topic; members pick from the existing topics only."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_replies")
    content_object = models.ForeignKey(
        "questions.Reply", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("reply topic")
        verbose_name_plural = _("reply topics")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="questions_replytopic_unique"
            )
        ]


class ReplyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Reply.Status.PUBLISHED)

    def with_helpful_count(self):
        """Annotate ``helpful_count``. A subquery rather than a join, so other annotations
        and prefetches never multiply it."""
        marks = (
            HelpfulMark.objects.filter(reply=OuterRef("pk"))
            .order_by()
            .values("reply")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(helpful_count=Coalesce(Subquery(marks), Value(0)))

    def with_marked_by(self, profile):
        """Annotate ``marked_helpful``: whether ``profile`` marked each reply helpful."""
        if profile is None:
            return self.annotate(marked_helpful=Value(False))
        return self.annotate(
            marked_helpful=Exists(HelpfulMark.objects.filter(reply=OuterRef("pk"), profile=profile))
        )

    def with_open_flag_count(self):
        """Annotate ``open_flag_count``: flags members raised that no editor dealt with yet."""
        flags = (
            ReplyFlag.objects.filter(reply=OuterRef("pk"), resolved_at__isnull=True)
            .order_by()
            .values("reply")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(open_flag_count=Coalesce(Subquery(flags), Value(0)))

    def with_topics(self):
        """Prefetch each reply's topics in one query."""
        return self.prefetch_related(
            Prefetch("tagged_items", queryset=ReplyTopic.objects.select_related("tag"))
        )


class Reply(index.Indexed, Region):
    """A member's reply to a question. A plain model, so publishing the page never touches it.

    A reply may also be a structured experience (setting, what happened, what I did, what
    worked and what did not), shown as a card above its text.
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Pending")
        HIDDEN = "hidden", _("Hidden")

    class Setting(models.TextChoices):
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        SCHOOL = "school", _("School")
        ONLINE = "online", _("Online")
        OTHER = "other", _("Other")

    question = models.ForeignKey(
        "questions.QuestionPage",
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("question"),
    )
    author = models.ForeignKey(
        "community.Profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        verbose_name=_("author"),
    )
    # Required except on a structured experience (see ReplyAdminForm and ReplyForm).
    body = models.TextField(_("body"))
    experience_setting = models.CharField(
        _("setting"), max_length=32, choices=Setting.choices, blank=True
    )
    what_happened = models.TextField(_("what happened"), blank=True)
    what_i_did = models.TextField(_("what I did"), blank=True)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_did_not_work = models.TextField(_("what did not work"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    resource = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        verbose_name=_("resource"),
    )
    topics = TaggableManager(through=ReplyTopic, blank=True, verbose_name=_("topics"))
    moderation_reason = models.TextField(
        _("moderation reason"),
        blank=True,
        help_text=_("Why an editor published or hid the reply; the author reads it."),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    # Set once the followers have been told, so a reply hidden and published again (or
    # approved twice by two editors at once) never mails them a second time.
    followers_notified_at = models.DateTimeField(
        _("followers notified at"), null=True, blank=True, editable=False
    )

    objects = ReplyQuerySet.as_manager()

    panels = [
        FieldPanel("question"),
        FieldPanel("author"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("experience_setting"),
                FieldPanel("what_happened"),
                FieldPanel("what_i_did"),
                FieldRowPanel([FieldPanel("what_worked"), FieldPanel("what_did_not_work")]),
            ],
            heading=_("Experience"),
        ),
        FieldPanel("resource"),
        FieldPanel("topics"),
        FieldRowPanel([FieldPanel("province"), FieldPanel("municipality")], heading=_("Region")),
        FieldPanel("status"),
        FieldPanel("is_featured"),
        MultiFieldPanel(
            [
                FieldPanel("moderation_reason"),
                FieldPanel("moderated_by", read_only=True),
                FieldPanel("moderated_at", read_only=True),
            ],
            heading=_("Moderation"),
        ),
    ]
    search_fields = [
        index.SearchField("body"),
        index.SearchField("what_happened"),
        index.SearchField("what_i_did"),
        index.SearchField("what_worked"),
        index.SearchField("what_did_not_work"),
        index.SearchField("municipality"),
        index.FilterField("status"),
        index.FilterField("question_id"),
        # The search page narrows a search to a public, filtered queryset by id, and
        # filters by region and date (community/search_views.py).
        index.FilterField("id"),
        index.FilterField("province"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "status", "created_at"])]

    def __str__(self):
        author = self.author.display_name if self.author else _("former member")
        return _("Reply by %(author)s on %(question)s") % {
            "author": author,
            "question": self.question.title,
        }

    def save(self, *args, **kwargs):
        # Sanitised on every save, so no path (admin, form, shell, fixture) stores raw HTML.
        self.body = sanitise_html(self.body)
        super().save(*args, **kwargs)

    @property
    def is_experience(self):
        """Whether the author shared a structured experience."""
        return any(
            (
                self.experience_setting,
                self.what_happened,
                self.what_i_did,
                self.what_worked,
                self.what_did_not_work,
            )
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def is_by(self, profile):
        """Whether ``profile`` wrote this reply (a former member's reply is nobody's)."""
        return bool(profile) and self.author_id is not None and self.author_id == profile.pk

    @property
    def plain_text(self):
        """The body and experience as plain text, for e-mails and the admin."""
        parts = [" ".join(html.unescape(strip_tags(self.body)).split())]
        parts += [
            " ".join(value.split())
            for value in (
                self.what_happened,
                self.what_i_did,
                self.what_worked,
                self.what_did_not_work,
            )
        ]
        return " ".join(part for part in parts if part)

    @property
    def excerpt(self):
        """The reply as one line of plain text, for admin listings and exports."""
        return Truncator(self.plain_text).chars(REPLY_EXCERPT_CHARS)

    excerpt.fget.short_description = _("reply")

    @property
    def topic_list(self):
        """The reply's topics, from the prefetch of ``with_topics`` when there is one."""
        return [item.tag for item in self.tagged_items.all()]


class HelpfulMark(models.Model):
    """A member found a reply helpful; once per member and reply."""

    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, related_name="helpful_marks", verbose_name=_("reply")
    )
    profile = models.ForeignKey(
        "community.Profile",
        on_delete=models.CASCADE,
        related_name="helpful_marks",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("helpful mark")
        verbose_name_plural = _("helpful marks")
        constraints = [
            models.UniqueConstraint(
                fields=["reply", "profile"], name="questions_helpfulmark_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.profile} → {self.reply_id}"


class ReplyFlag(models.Model):
    """A member asks the editors to look at a reply, with a reason."""

    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("It contains personal data")
        UNKIND = "unkind", _("It is hurtful or discriminating")
        SPAM = "spam", _("It is spam or advertising")
        OFF_TOPIC = "off_topic", _("It is off topic")
        OTHER = "other", _("Something else")

    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, related_name="flags", verbose_name=_("reply")
    )
    flagged_by = models.ForeignKey(
        "community.Profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reply_flags",
        verbose_name=_("flagged by"),
    )
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    panels = [
        FieldPanel("reply"),
        FieldPanel("flagged_by"),
        FieldPanel("reason"),
        FieldPanel("note"),
        FieldPanel("resolved_at"),
    ]

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reply", "flagged_by"],
                condition=Q(flagged_by__isnull=False),
                name="questions_replyflag_once_per_member",
            )
        ]

    def __str__(self):
        return _("%(reason)s on %(reply)s") % {
            "reason": self.get_reason_display(),
            "reply": self.reply,
        }

    @property
    def is_open(self):
        return self.resolved_at is None
