"""Question pages: the index listing the questions and the question threads themselves."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from community.accounts import get_profile
from community.models import Region, Topic
from community.pages import OneQueryViewRestrictions

from ..blocks import MotivationBlock
from .replies import Reply
from .resources import Resource

QUESTIONS_PER_PAGE = 20
#: How many related questions a question page shows.
RELATED_QUESTIONS = 5
#: How many citing questions a resource card lists.
CITATIONS_PER_RESOURCE = 5
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


class QuestionIndexPage(OneQueryViewRestrictions, Page):
    """Lists the questions below it, newest first, 20 to a page."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["questions.QuestionPage"]

    class Meta:
        verbose_name = _("question index page")

    def route(self, request, path_components):
        """Find a question in one query, with its author, instead of Wagtail's two (the base
        page, then its specific row): only question pages live below an index."""
        if not path_components:
            return super().route(request, path_components)
        question = (
            QuestionPage.objects.child_of(self)
            .filter(slug=path_components[0])
            .select_related("author__user")
            .first()
        )
        if question is None:
            raise Http404
        question._cached_parent_obj = self
        return question.route(request, path_components[1:])

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

    def filter_topics(self):
        """The topics on at least one live question below this page, for the topic filter."""
        return Topic.objects.filter(
            Exists(
                QuestionPageTopic.objects.filter(
                    tag=OuterRef("pk"),
                    content_object__in=QuestionPage.objects.live().child_of(self).values("pk"),
                )
            )
        ).order_by("name")

    def get_context(self, request, *args, **kwargs):
        from ..forms import QuestionFilterForm

        context = super().get_context(request, *args, **kwargs)
        questions = self.questions()
        filters = QuestionFilterForm(request.GET or None, topics=self.filter_topics())
        if filters.is_bound:
            filters.is_valid()
            # A bad value is reported by the form; the valid filters still apply.
            chosen = getattr(filters, "cleaned_data", {})
            if chosen.get("province"):
                questions = questions.filter(province=chosen["province"])
            if chosen.get("topic"):
                questions = questions.filter(
                    pk__in=QuestionPageTopic.objects.filter(tag=chosen["topic"]).values(
                        "content_object"
                    )
                )
            context["is_filtered"] = bool(chosen.get("province") or chosen.get("topic"))
        context["filters"] = filters
        paginator = Paginator(questions, QUESTIONS_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        context["questions"] = page
        context["login_url"] = login_url(request)
        return context


class QuestionPage(OneQueryViewRestrictions, Region, Page):
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
            # The author card needs the profile only, not its user row (password hash…).
            .select_related("author", "resource")
            .with_topics()
            .with_helpful_count()
            .with_marked_by(viewer)
            .order_by(*REPLY_ORDERINGS.get(sort, REPLY_ORDERINGS["date"]))
        )

    def related_questions(self, topics, limit=RELATED_QUESTIONS):
        """Up to ``limit`` other live, public questions sharing ``topics`` (this page's
        topics), most shared topics first, then newest; one query however many there are."""
        return related_content(topics, [], exclude_page=self, limit=limit)

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
        replies = list(self.thread_replies(viewer, sort))
        context["replies"] = replies
        context["related_resources"] = [
            link.resource
            for link in self.related_resources.select_related("resource")
            if link.resource_id
        ]
        context["page_topics"] = list(self.topics.all())
        # Related questions and where the shown resources are cited: one query together.
        context["related_questions"] = related_content(
            context["page_topics"],
            [*context["related_resources"], *(reply.resource for reply in replies)],
            exclude_page=self,
        )
        if viewer is not None:
            context["is_following"] = self.is_followed_by(viewer)
            context["reply_form"] = ReplyForm(question=self, author=viewer)
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


def not_restricted():
    """A filter for pages outside every private section: no view restriction on the page
    or an ancestor. Wagtail's ``public()`` needs a query of its own for the restrictions;
    this is a subquery, so lists stay one query."""
    return ~Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, F("page__depth") * Page.steplen)
        )
    )


def attach_citations(resources, exclude_page=None, limit=CITATIONS_PER_RESOURCE):
    """Set ``cited_in`` on each resource: the live, public questions that cite it (an
    editor's related resource or a published reply's resource), newest first, at most
    ``limit``, without ``exclude_page``. One query however many resources and questions."""
    related_content([], resources, exclude_page=exclude_page, citations=limit)
    return resources


def related_content(
    topics,
    resources,
    exclude_page=None,
    limit=RELATED_QUESTIONS,
    citations=CITATIONS_PER_RESOURCE,
):
    """The questions related to ``topics`` (up to ``limit``, most shared topics first, then
    newest), and ``cited_in`` set on each of ``resources`` (up to ``citations`` questions
    citing it, newest first): live and public questions only, never ``exclude_page``.

    One query for both, whatever the number of questions. The related ones are picked in a
    subquery that counts the shared topics of all questions in one grouping and keeps the
    first ``limit`` (a common topic is shared by most questions: counting per question, then
    numbering them all in a window, cost the seed question 8 ms); one pair of flags per
    resource (a page shows few) says which resources a citing question cites.
    """
    topic_ids = sorted({topic.pk for topic in topics})
    resources = [resource for resource in resources if resource is not None]
    resource_ids = sorted({resource.pk for resource in resources})
    for resource in resources:
        resource.cited_in = []
    if not topic_ids and not resource_ids:
        return []
    visible = QuestionPage.objects.live().filter(not_restricted())
    if exclude_page is not None:
        visible = visible.exclude(pk=exclude_page.pk)
    candidates = Q(pk__in=[])
    annotations = {"shared_topics": Value(0)}
    if topic_ids:
        most_shared = (
            visible.filter(tagged_items__tag_id__in=topic_ids)
            .values("pk")
            .annotate(shared=Count("tagged_items"))
            .order_by(
                "-shared", "-published_on", F("first_published_at").desc(nulls_last=True), "-pk"
            )
            .values("pk")[:limit]
        )
        candidates |= Q(pk__in=most_shared)
        annotations["shared_topics"] = Coalesce(
            Subquery(
                QuestionPageTopic.objects.filter(
                    content_object=OuterRef("pk"), tag_id__in=topic_ids
                )
                .order_by()
                .values("content_object")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )
    published = Reply.objects.filter(status=Reply.Status.PUBLISHED)
    if resource_ids:
        linked = QuestionRelatedResource.objects.filter(resource_id__in=resource_ids)
        replied = published.filter(resource_id__in=resource_ids)
        candidates |= Q(pk__in=linked.values("page")) | Q(pk__in=replied.values("question"))
    for resource_id in resource_ids:
        annotations[f"linked_{resource_id}"] = Exists(
            QuestionRelatedResource.objects.filter(page=OuterRef("pk"), resource_id=resource_id)
        )
        annotations[f"replied_{resource_id}"] = Exists(
            published.filter(question=OuterRef("pk"), resource_id=resource_id)
        )
    pages = (
        visible.filter(candidates)
        .annotate(**annotations)
        .order_by("-published_on", "-first_published_at", "-pk")
    )
    related = []
    citing = {resource_id: [] for resource_id in resource_ids}
    for page in pages:
        if page.shared_topics:
            related.append(page)
        for resource_id in resource_ids:
            if getattr(page, f"linked_{resource_id}") or getattr(page, f"replied_{resource_id}"):
                citing[resource_id].append(page)
    for resource in resources:
        resource.cited_in = citing[resource.pk][:citations]
    # The rows hold the first ``limit`` related questions and perhaps other questions sharing
    # topics that came for a citation; in the subquery's order, those first ``limit`` lead.
    related.sort(key=related_order)
    return related[:limit]


def related_order(page):
    first_published = page.first_published_at.timestamp() if page.first_published_at else 0
    return (-page.shared_topics, -page.published_on.toordinal(), -first_published, -page.pk)
