"""Admin registration: replies (with moderation), members' flags and resources, grouped
under "Questions"; the moderation history's wording; the editors' dashboard panel."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .admin_views import MODERATION_ACTIONS, ReplyEditView, ReplyIndexView
from .forms import ReplyAdminForm
from .models import QuestionPage, Reply, ReplyFlag, Resource


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
    """Filters for the moderation queue: status, flagged by members, featured and the
    question replied to."""

    flagged = django_filters.BooleanFilter(
        label=_("flagged by members"),
        method="filter_flagged",
        help_text=_("Replies with flags no editor has dealt with yet."),
    )
    question = django_filters.ModelChoiceFilter(
        label=_("question"),
        queryset=QuestionPage.objects.order_by("title"),
    )

    class Meta:
        model = Reply
        fields = ["status", "flagged", "is_featured", "question"]

    def filter_flagged(self, queryset, name, value):
        open_flags = Q(flags__resolved_at__isnull=True, flags__isnull=False)
        if value is None:
            return queryset
        if value:
            return queryset.filter(open_flags).distinct()
        return queryset.exclude(pk__in=Reply.objects.filter(open_flags).values("pk"))


class ReplyFlagFilterSet(WagtailFilterSet):
    """Flags by reason, and open or dealt with."""

    open = django_filters.BooleanFilter(
        label=_("open"), field_name="resolved_at", lookup_expr="isnull"
    )

    class Meta:
        model = ReplyFlag
        fields = ["reason", "open"]


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
    edit_view_class = ReplyEditView
    # A structured experience may go without body text, which the model's own form refuses.
    edit_handler = ObjectList(Reply.panels, base_form_class=ReplyAdminForm)
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
        Column("open_flag_count", label=_("open flags"), sort_key="open_flag_count"),
        Column("helpful_count", label=_("helpful"), sort_key="helpful_count"),
        BooleanColumn("is_featured", label=_("featured"), sort_key="is_featured"),
        DateColumn("created_at", label=_("created at"), sort_key="created_at"),
    ]
    filterset_class = ReplyFilterSet
    # Searched in the database rather than the search index so editors can find a reply
    # by its author's name or its question's title as well as by its words.
    search_backend_name = None
    search_fields = ["body", "author__display_name", "question__title"]
    ordering = "-created_at"
    list_export = [
        "question",
        "author",
        "created_at",
        "status",
        "is_featured",
        "resource",
        "body",
        "moderation_reason",
        "moderated_at",
    ]
    export_headings = {
        "question": _("Question"),
        "author": _("Author"),
        "created_at": _("Created at"),
        "status": _("Status"),
        "is_featured": _("Featured"),
        "resource": _("Resource"),
        "body": _("Body"),
        "moderation_reason": _("Moderation reason"),
        "moderated_at": _("Moderated at"),
    }
    export_filename = "reacties"

    def get_queryset(self, request):
        # The listing names each reply's author and question and counts its open flags and
        # helpful marks: all fetched with the replies, in one query.
        return (
            Reply.objects.select_related("author", "question", "resource")
            .with_open_flag_count()
            .with_helpful_count()
        )


class ReplyFlagViewSet(SnippetViewSet):
    """What members reported, and why; editors act on the reply itself (publish keeps it,
    hide takes it off), which closes its flags."""

    model = ReplyFlag
    icon = "warning"
    menu_label = _("Flags")
    menu_name = "flags"
    add_to_admin_menu = False
    inspect_view_enabled = True
    list_display = [
        Column("reply", label=_("reply"), accessor="reply.excerpt"),
        Column("reason", label=_("reason"), accessor="get_reason_display", sort_key="reason"),
        "note",
        Column("flagged_by", label=_("flagged by")),
        DateColumn("created_at", label=_("created at"), sort_key="created_at"),
        DateColumn("resolved_at", label=_("resolved at"), sort_key="resolved_at"),
    ]
    filterset_class = ReplyFlagFilterSet
    search_backend_name = None
    search_fields = ["note", "reply__body", "flagged_by__display_name"]
    ordering = "-created_at"
    list_export = ["reply", "reason", "note", "flagged_by", "created_at", "resolved_at"]
    export_filename = "meldingen"

    def get_queryset(self, request):
        return ReplyFlag.objects.select_related("reply__question", "reply__author", "flagged_by")


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
    """The "Questions" menu: replies to moderate, members' flags and resources to curate."""

    items = (ReplyViewSet, ReplyFlagViewSet, ResourceViewSet)
    menu_label = _("Questions")
    menu_icon = "help"
    menu_name = "questions"
    menu_order = 200


register_snippet(QuestionsViewSetGroup)

for action_class in MODERATION_ACTIONS:
    hooks.register("register_bulk_action", action_class)


class ModerationLogFormatter(LogFormatter):
    """A moderation decision in a reply's history, with the editor's reason."""

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason")
        if reason:
            return _("%(label)s. Reason: %(reason)s") % {"label": self.label, "reason": reason}
        return self.label


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, label in [
        ("questions.reply.publish", _("Reply published")),
        ("questions.reply.hide", _("Reply hidden")),
        ("questions.reply.feature", _("Reply featured")),
        ("questions.reply.unfeature", _("Reply no longer featured")),
    ]:
        formatter = type("Formatter", (ModerationLogFormatter,), {"label": label})
        actions.register_action(action)(formatter)


class ModerationQueuePanel(Component):
    """On the editors' dashboard: how many replies wait for approval or were flagged."""

    name = "questions_moderation"
    order = 110

    def __init__(self, pending, flagged):
        self.pending = pending
        self.flagged = flagged

    def render_html(self, parent_context=None):
        listing = reverse("wagtailsnippets_questions_reply:list")
        items = []
        if self.pending:
            items.append(
                format_html(
                    '<li><a href="{}?status=pending">{}</a></li>',
                    listing,
                    ngettext(
                        "%(count)d reply waits for approval",
                        "%(count)d replies wait for approval",
                        self.pending,
                    )
                    % {"count": self.pending},
                )
            )
        if self.flagged:
            items.append(
                format_html(
                    '<li><a href="{}?flagged=true">{}</a></li>',
                    listing,
                    ngettext(
                        "%(count)d reply was flagged by members",
                        "%(count)d replies were flagged by members",
                        self.flagged,
                    )
                    % {"count": self.flagged},
                )
            )
        return format_html(
            '<section class="panel summary nice-padding"><h2>{}</h2><ul>{}</ul></section>',
            _("Replies to moderate"),
            format_html("".join(["{}"] * len(items)), *items),
        )


@hooks.register("construct_homepage_panels")
def add_moderation_queue_panel(request, panels):
    if not request.user.has_perm("questions.change_reply"):
        return
    counts = Reply.objects.aggregate(
        pending=Count("pk", filter=Q(status=Reply.Status.PENDING)),
        flagged=Count(
            "pk",
            filter=Q(flags__resolved_at__isnull=True, flags__isnull=False),
            distinct=True,
        ),
    )
    if counts["pending"] or counts["flagged"]:
        panels.append(ModerationQueuePanel(counts["pending"], counts["flagged"]))
