"""Admin for the community: member profiles, contact persons and topics, under one menu item.

All three are snippets: ContactPerson must be, because the motivation's contact block chooses
people with a SnippetChooserBlock, and the other two then share the same listing, search and
export machinery.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import ProfileAdminForm
from .models import ContactPerson, Profile, Topic


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


class TopicViewSet(SnippetViewSet):
    """The curated topic vocabulary, with how often each topic is used."""

    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = [
        "name",
        "slug",
        Column("usage_count", label=_("Times used"), sort_key="usage_count"),
        "description",
    ]
    list_export = ["name", "slug", "usage_count", "description"]
    search_fields = ["name", "slug", "description"]
    export_filename = "topics"
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    def get_queryset(self, request):
        return Topic.objects.with_usage_count()


class CommunityViewSetGroup(SnippetViewSetGroup):
    """The "Community" menu item."""

    items = (ProfileViewSet, ContactPersonViewSet, TopicViewSet)
    menu_label = _("Community")
    menu_icon = "group"
    menu_order = 300


register_snippet(CommunityViewSetGroup)
