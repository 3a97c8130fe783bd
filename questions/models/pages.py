"""Question pages: the index listing the questions and the question threads themselves."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from community.accounts import get_profile
from community.models import Region, Topic

from ..blocks import MotivationBlock
from .replies import Reply
from .resources import Resource

QUESTIONS_PER_PAGE = 20
# How the replies of a thread can be ordered (?sort=…); featured replies always come first.
REPLY_ORDERINGS = {
    "date": ("-is_featured", "created_at", "pk"),
    "helpful": ("-is_featured", "-helpful_count", "created_at", "pk"),
}


def login_url(request):
    """The site's login page (settings.LOGIN_URL), coming back to this page afterwards."""
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


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
            # A correlated subquery, not Count() over a join: the database counts replies only
            # for the 20 questions it returns, and the paginator's count() leaves it out.
            .annotate(
                published_reply_count=Coalesce(
                    Subquery(
                        Reply.objects.filter(question=OuterRef("pk"), status=Reply.Status.PUBLISHED)
                        .order_by()
                        .values("question")
                        .annotate(total=Count("pk"))
                        .values("total")
                    ),
                    0,
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
        context["login_url"] = login_url(request)
        return context


class QuestionPage(Region, Page):
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
        # Quotes too: members may ask with them, and the editor must keep them.
        features=["bold", "italic", "link", "ol", "ul", "blockquote"],
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
        FieldRowPanel([FieldPanel("province"), FieldPanel("municipality")], heading=_("Region")),
        InlinePanel("related_resources", heading=_("Related resources"), label=_("Resource")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("explanation"),
        index.SearchField("motivation"),
        index.SearchField("municipality"),
        # The search page's region and date filters (community/search_views.py).
        index.FilterField("province"),
        index.FilterField("published_on"),
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

    def thread_replies(self, viewer=None, sort="date"):
        """The replies the thread shows ``viewer`` (a Profile or None): the published ones
        and the viewer's own that wait for approval, with helpful counts and topics, in a
        fixed number of queries however many replies and marks there are."""
        visible = Q(status=Reply.Status.PUBLISHED)
        if viewer is not None:
            visible |= Q(status=Reply.Status.PENDING, author=viewer)
        return (
            self.replies.filter(visible)
            .select_related("author__user", "resource")
            .with_topics()
            .with_helpful_count()
            .with_marked_by(viewer)
            .order_by(*REPLY_ORDERINGS.get(sort, REPLY_ORDERINGS["date"]))
        )

    def is_followed_by(self, profile):
        """Whether ``profile`` follows this question."""
        return profile is not None and self.follows.filter(profile=profile).exists()

    def get_context(self, request, *args, **kwargs):
        from ..forms import ReplyForm

        context = super().get_context(request, *args, **kwargs)
        viewer = get_profile(request.user)
        sort = request.GET.get("sort")
        sort = sort if sort in REPLY_ORDERINGS else "date"
        context["sort"] = sort
        context["viewer"] = viewer
        context["replies"] = self.thread_replies(viewer, sort)
        context["related_resources"] = [
            link.resource
            for link in self.related_resources.select_related("resource")
            if link.resource_id
        ]
        context["page_topics"] = list(self.topics.all())
        if viewer is not None:
            context["is_following"] = self.is_followed_by(viewer)
            context["reply_form"] = ReplyForm(question=self)
        else:
            context["login_url"] = login_url(request)
        return context


class QuestionRelatedResource(Orderable):
    """A resource an editor linked to a question (curated, so part of the page)."""

    page = ParentalKey(QuestionPage, on_delete=models.CASCADE, related_name="related_resources")
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="+", verbose_name=_("resource")
    )

    panels = [FieldPanel("resource")]
