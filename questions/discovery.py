"""What the questions app contributes to topic pages and search: questions, experiences
(published replies) and resources. Imported by QuestionsConfig.ready()."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from community.discovery import DiscoveryKind, register
from community.search import SearchEntry, plain_text

from .models import QuestionPage, QuestionPageTopic, Reply, Resource, ResourceTopic
from .models.pages import not_restricted


def public_questions():
    """Question pages a visitor may open: live and without a view restriction (a subquery,
    where Wagtail's ``public()`` reads every restriction in a query of its own first)."""
    return QuestionPage.objects.live().filter(not_restricted())


class QuestionKind(DiscoveryKind):
    """Live, public question pages, newest first."""

    key = "questions"
    position = 10
    label = _("Questions")
    template = "questions/includes/discovery_question.html"
    model = QuestionPage
    province_fields = ("province",)
    date_field = "published_on"
    ordering = ("-published_on", "-first_published_at", "-pk")

    def public(self):
        return public_questions()

    def for_cards(self, queryset):
        replies = (
            Reply.objects.filter(question=OuterRef("pk"), status=Reply.Status.PUBLISHED)
            .order_by()
            .values("question")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return (
            queryset.select_related("author")
            .prefetch_related(
                Prefetch("tagged_items", queryset=QuestionPageTopic.objects.select_related("tag"))
            )
            .annotate(published_reply_count=Coalesce(Subquery(replies), 0))
        )

    search_label = _("Question")

    def for_search(self, queryset):
        return queryset.select_related("author")

    def search_entry(self, item, request):
        return SearchEntry(
            kind_label=self.search_label,
            title=item.title,
            url=item.get_url(request),
            text=plain_text(item.explanation),
            date=item.published_on,
            details=[
                item.author.display_name if item.author else _("Former member"),
                place(item),
            ],
        )


class ExperienceKind(DiscoveryKind):
    """Published replies on live, public questions, newest first. A reply without a region
    of its own is in its question's region."""

    key = "experiences"
    position = 20
    label = _("Experiences")
    template = "questions/includes/discovery_reply.html"
    model = Reply
    province_fields = ("province", "question__province")
    date_field = "created_at__date"
    ordering = ("-created_at", "-pk")

    def public(self):
        return Reply.objects.published().filter(question__in=public_questions())

    def filter_province(self, queryset, provinces):
        if not provinces:
            return queryset
        if isinstance(provinces, str):
            provinces = [provinces]
        provinces = [str(province) for province in provinces]
        return queryset.filter(
            Q(province__in=provinces) | Q(province="", question__province__in=provinces)
        )

    def for_cards(self, queryset):
        return queryset.select_related("author", "question").with_topics()

    search_label = _("Experience")

    def for_search(self, queryset):
        return queryset.select_related("author", "question")

    def search_entry(self, item, request):
        if item.author:
            title = _("Reply by %(name)s") % {"name": item.author.display_name}
        else:
            title = _("Reply by a former member")
        return SearchEntry(
            kind_label=self.search_label,
            title=title,
            url=f"{item.question.get_url(request)}#reactie-{item.pk}",
            text=item.plain_text,
            date=item.created_at,
            details=[_("On “%(question)s”") % {"question": item.question.title}, place(item)],
        )


class ResourceKind(DiscoveryKind):
    """Curated resources (all public), newest publication year first; no region. Their
    date is the publication year, so a date range keeps the resources of its years."""

    key = "resources"
    position = 30
    label = _("Resources")
    template = "questions/includes/discovery_resource.html"
    model = Resource
    date_field = "year"
    ordering = ("-year", "title", "pk")

    def public(self):
        return Resource.objects.all()

    def filter_dates(self, queryset, start=None, end=None):
        if start is not None:
            queryset = queryset.filter(year__gte=start.year)
        if end is not None:
            queryset = queryset.filter(year__lte=end.year)
        return queryset

    def for_cards(self, queryset):
        return queryset.prefetch_related(
            Prefetch("tagged_items", queryset=ResourceTopic.objects.select_related("tag"))
        )

    search_label = _("Resource")

    def for_search(self, queryset):
        return queryset

    def search_entry(self, item, request):
        return SearchEntry(
            kind_label=self.search_label,
            title=item.title,
            url=item.url,
            text=item.summary,
            details=[item.publisher, str(item.year or "")],
        )


def place(item):
    """An item's municipality and province as one line ("Venlo, Limburg"), or ""."""
    return ", ".join(part for part in (item.municipality, item.get_province_display()) if part)


register(QuestionKind())
register(ExperienceKind())
register(ResourceKind())
