"""Admin registration: replies (with moderation) and resources, grouped under "Questions"."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .models import QuestionPage, Reply, Resource
from .views import MODERATION_ACTIONS, ReplyIndexView


def _publisher_choices():
    publishers = (
        Resource.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )
    return [(publisher, publisher) for publisher in publishers]


def _year_choices():
    years = (
        Resource.objects.exclude(year=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [(year, str(year)) for year in years]


class ReplyFilterSet(WagtailFilterSet):
    """Filters for the moderation queue: status, featured and the question replied to."""

    question = django_filters.ModelChoiceFilter(
        label=_("question"),
        queryset=QuestionPage.objects.order_by("title"),
    )

    class Meta:
        model = Reply
        fields = ["status", "is_featured", "question"]


class ResourceFilterSet(WagtailFilterSet):
    """Filters offering the publishers and years that resources actually have."""

    publisher = django_filters.ChoiceFilter(label=_("publisher"), choices=_publisher_choices)
    year = django_filters.TypedChoiceFilter(
        label=_("year"), choices=_year_choices, coerce=int, empty_value=None
    )

    class Meta:
        model = Resource
        fields = ["publisher", "year"]


class ReplyViewSet(SnippetViewSet):
    """Editors' moderation queue: newest first, filterable, with publish/hide/feature actions."""

    model = Reply
    icon = "comment"
    menu_label = _("Replies")
    menu_name = "replies"
    add_to_admin_menu = False
    index_view_class = ReplyIndexView
    list_display = [
        "excerpt",
        Column("author", label=_("author")),
        Column("question", label=_("question"), accessor="question.title"),
        StatusTagColumn(
            "get_status_display",
            label=_("status"),
            sort_key="status",
            primary=lambda reply: reply.status == Reply.Status.PUBLISHED,
        ),
        BooleanColumn("is_featured", label=_("featured"), sort_key="is_featured"),
        DateColumn("created_at", label=_("created at"), sort_key="created_at"),
    ]
    filterset_class = ReplyFilterSet
    # Searched in the database rather than the search index so editors can find a reply
    # by its author's name or its question's title as well as by its words.
    search_backend_name = None
    search_fields = ["body", "author__display_name", "question__title"]
    ordering = "-created_at"
    list_export = ["question", "author", "created_at", "status", "is_featured", "resource", "body"]
    export_headings = {
        "question": _("Question"),
        "author": _("Author"),
        "created_at": _("Created at"),
        "status": _("Status"),
        "is_featured": _("Featured"),
        "resource": _("Resource"),
        "body": _("Body"),
    }
    export_filename = "reacties"

    def get_queryset(self, request):
        # The listing names each reply's author and question: fetch them with the replies.
        return Reply.objects.select_related("author", "question", "resource")


class ResourceViewSet(SnippetViewSet):
    """The curated guides, publications and tools that questions and replies point to."""

    model = Resource
    icon = "link"
    menu_label = _("Resources")
    menu_name = "resources"
    add_to_admin_menu = False
    list_display = ["title", "publisher", "year", Column("url", label=_("URL"))]
    filterset_class = ResourceFilterSet
    # Database search: the index autocompletes titles only, editors also look for words in
    # the summary and for a publisher.
    search_backend_name = None
    search_fields = ["title", "summary", "publisher"]
    ordering = "title"
    list_export = ["title", "publisher", "year", "url", "summary"]
    export_filename = "bronnen"


class QuestionsViewSetGroup(SnippetViewSetGroup):
    """The "Questions" menu: replies to moderate and resources to curate."""

    items = (ReplyViewSet, ResourceViewSet)
    menu_label = _("Questions")
    menu_icon = "help"
    menu_name = "questions"
    menu_order = 200


register_snippet(QuestionsViewSetGroup)

for action_class in MODERATION_ACTIONS:
    hooks.register("register_bulk_action", action_class)
