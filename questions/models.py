"""Question threads: index and question pages, member replies and curated resources."""

import html

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from community.models import Topic
from community.sanitise import sanitise_html

from .blocks import MotivationBlock

QUESTIONS_PER_PAGE = 20
# Characters of a reply shown in one line of an admin listing.
REPLY_EXCERPT_CHARS = 80


class ResourceTopic(ItemBase):
    """Links a resource to a community topic."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_resources")
    content_object = models.ForeignKey(
        "questions.Resource", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Resource(index.Indexed, models.Model):
    """A curated guide, publication or tool, e.g. the VNG's "Van polarisatie naar verbinding"."""

    title = models.CharField(_("title"), max_length=255)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    topics = TaggableManager(through=ResourceTopic, blank=True, verbose_name=_("topics"))

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("url"),
        FieldPanel("year"),
        FieldPanel("summary"),
        FieldPanel("topics"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("publisher"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["title"]

    def __str__(self):
        return self.title


class QuestionPageTopic(ItemBase):
    """Links a question page to a community topic."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_questions")
    content_object = ParentalKey(
        "questions.QuestionPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class QuestionIndexPage(Page):
    """Lists the questions below it, newest first, 20 to a page."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["questions.QuestionPage"]

    class Meta:
        verbose_name = _("question index page")

    def questions(self):
        """The live questions below this page with what the list shows, in a fixed number of
        queries."""
        return (
            QuestionPage.objects.live()
            .child_of(self)
            .select_related("author")
            .prefetch_related("tagged_items__tag")
            .annotate(
                published_reply_count=Count(
                    "replies", filter=Q(replies__status=Reply.Status.PUBLISHED)
                )
            )
            .order_by("-published_on", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.questions(), QUESTIONS_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        context["questions"] = page
        return context


class QuestionPage(Page):
    """One question thread: the question is the page title."""

    published_on = models.DateField(_("publication date"), default=timezone.localdate)
    author = models.ForeignKey(
        "community.Profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("author"),
    )
    explanation = RichTextField(
        _("explanation"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_('Shown under the heading "Toelichting".'),
    )
    motivation = StreamField(
        MotivationBlock(),
        blank=True,
        verbose_name=_("motivation"),
        help_text=_('Shown under the heading "Motivatie".'),
    )
    topics = ClusterTaggableManager(through=QuestionPageTopic, blank=True, verbose_name=_("topics"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("published_on"), FieldPanel("author")], heading=_("Byline")),
        FieldPanel("explanation"),
        FieldPanel("motivation"),
        FieldPanel("topics"),
        InlinePanel("related_resources", heading=_("Related resources"), label=_("Resource")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("explanation"),
        index.SearchField("motivation"),
    ]
    parent_page_types = ["questions.QuestionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("question page")

    def published_replies(self):
        """Published replies, featured first then oldest first, with their authors."""
        return (
            self.replies.filter(status=Reply.Status.PUBLISHED)
            .select_related("author", "resource")
            .order_by("-is_featured", "created_at", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["replies"] = self.published_replies()
        context["related_resources"] = [
            link.resource
            for link in self.related_resources.select_related("resource")
            if link.resource_id
        ]
        context["page_topics"] = list(self.topics.all())
        return context


class QuestionRelatedResource(Orderable):
    """A resource an editor linked to a question (curated, so part of the page)."""

    page = ParentalKey(QuestionPage, on_delete=models.CASCADE, related_name="related_resources")
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="+", verbose_name=_("resource")
    )

    panels = [FieldPanel("resource")]


class Reply(index.Indexed, models.Model):
    """A member's reply to a question. A plain model, so publishing the page never touches it."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Pending")
        HIDDEN = "hidden", _("Hidden")

    question = models.ForeignKey(
        QuestionPage, on_delete=models.CASCADE, related_name="replies", verbose_name=_("question")
    )
    author = models.ForeignKey(
        "community.Profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        verbose_name=_("author"),
    )
    body = models.TextField(_("body"))
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

    panels = [
        FieldPanel("question"),
        FieldPanel("author"),
        FieldPanel("body"),
        FieldPanel("resource"),
        FieldPanel("status"),
        FieldPanel("is_featured"),
    ]
    search_fields = [
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("question_id"),
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
    def excerpt(self):
        """The body as one line of plain text, for admin listings and exports."""
        text = " ".join(html.unescape(strip_tags(self.body)).split())
        return Truncator(text).chars(REPLY_EXCERPT_CHARS)

    excerpt.fget.short_description = _("reply")
