"""Admin for the community: member profiles, contact persons and topics, under one menu item.

All three are snippets: ContactPerson must be, because the motivation's contact block chooses
people with a SnippetChooserBlock, and the other two then share the same listing, search and
export machinery.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .admin_views import (
    MERGE_LOG_ACTION,
    MergeTopicsAction,
    TopicMergeLogFormatter,
    may_merge_topics,
    merge_url,
    topic_autocomplete,
    topic_form_field_override,
)
from .forms import ProfileAdminForm
from .models import ContactPerson, Profile, Topic

# Every topic field in the admin (questions, replies, resources, panels, profiles) takes
# existing, non-retired topics only; other tag models keep Wagtail's own field.
register_form_field_override(TaggableManager, override=topic_form_field_override)


class ProfileViewSet(SnippetViewSet):
    """Members' public profiles: the author cards under questions and replies."""

    model = Profile
    icon = "user"
    menu_label = _("Member profiles")
    list_display = ["display_name", "role", "organisation", "user"]
    list_export = ["display_name", "role", "organisation", "user"]
    list_filter = {"organisation": ["icontains"]}
    # Profile is not in the search index: these are searched with the ORM.
    search_fields = ["display_name", "role", "organisation", "user__username", "user__email"]
    export_filename = "member-profiles"
    # Expertise takes existing topics only, as on the public profile form.
    edit_handler = ObjectList(Profile.panels, base_form_class=ProfileAdminForm)

    def get_queryset(self, request):
        return Profile.objects.select_related("user")


class ContactPersonViewSet(SnippetViewSet):
    """People visitors may e-mail about a question or a panel."""

    model = ContactPerson
    icon = "mail"
    menu_label = _("Contact persons")
    list_display = ["name", "organisation", "email"]
    list_export = ["name", "organisation", "email"]
    list_filter = {"organisation": ["icontains"]}
    export_filename = "contact-persons"


class TopicIndexView(IndexView):
    """The topic listing, with "Merge into another topic" in each row's "More" menu."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if may_merge_topics(self.request.user):
            buttons.append(
                MenuItem(
                    _("Merge into another topic"),
                    url=merge_url([instance.pk], next_url=self.index_url),
                    icon_name="resubmit",
                    priority=15,
                )
            )
        return buttons


class TopicViewSet(SnippetViewSet):
    """The curated topic vocabulary, with how often each topic is used. Editors retire a
    topic (it can no longer be chosen) or merge topics (MergeTopicsAction)."""

    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    index_view_class = TopicIndexView
    list_display = [
        "name",
        "slug",
        Column("usage_count", label=_("Times used"), sort_key="usage_count"),
        BooleanColumn("is_retired", label=_("Retired")),
        "description",
    ]
    list_export = ["name", "slug", "usage_count", "is_retired", "retired_at", "description"]
    list_filter = ["is_retired"]
    search_fields = ["name", "slug", "description"]
    export_filename = "topics"
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("is_retired"),
    ]

    def get_queryset(self, request):
        return Topic.objects.with_usage_count()


class CommunityViewSetGroup(SnippetViewSetGroup):
    """The "Community" menu item."""

    items = (ProfileViewSet, ContactPersonViewSet, TopicViewSet)
    menu_label = _("Community")
    menu_icon = "group"
    menu_order = 300


register_snippet(CommunityViewSetGroup)


hooks.register("register_bulk_action", MergeTopicsAction)


@hooks.register("register_log_actions")
def register_topic_log_actions(actions):
    actions.register_action(MERGE_LOG_ACTION)(TopicMergeLogFormatter)


@hooks.register("register_admin_urls")
def register_topic_autocomplete_url():
    return [
        path(
            "community/topics/autocomplete/",
            topic_autocomplete,
            name="community_topic_autocomplete",
        )
    ]
