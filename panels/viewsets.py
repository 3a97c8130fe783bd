"""The admin's "Panels" menu: panels (snippets), sessions and their selection, registrations."""

from django.urls import path
from django.urls.resolvers import URLPattern
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import SelectionView, SessionsIndexView
from .forms import PanelAdminForm
from .models import Panel, Registration
from .permissions import RegistrationPermissionPolicy, can_decide, forbidden_as_403

registration_permission_policy = RegistrationPermissionPolicy(Registration)


class PanelViewSet(SnippetViewSet):
    """Panels and, inline, their sessions. A snippet so that pages can choose one."""

    model = Panel
    icon = "group"
    menu_label = _("Panels")
    menu_name = "panels"
    # Shown in the "Panels" group, so not again under "Snippets".
    menu_item_is_registered = True
    list_display = ["title", "organiser", "auto_promote"]
    search_fields = ["title", "description"]
    edit_handler = ObjectList(Panel.panels, base_form_class=PanelAdminForm)
    copy_view_enabled = False


class SessionsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_decide(request.user)


class SessionsViewSet(ViewSet):
    """The sessions overview and the per-session selection page."""

    name = "panels_sessions"
    url_prefix = "panels/sessions"
    icon = "calendar"
    menu_label = _("Sessions and selection")
    menu_item_class = SessionsMenuItem

    def get_urlpatterns(self):
        return [
            path("", SessionsIndexView.as_view(), name="index"),
            path("<int:pk>/", SelectionView.as_view(), name="selection"),
        ]


class RegistrationIndexView(IndexView):
    def get_base_queryset(self):
        # Anonymised rows carry no one's data and would only clutter the list.
        return (
            super()
            .get_base_queryset()
            .filter(anonymised_at__isnull=True)
            .select_related("session__panel", "second_choice")
        )


class RegistrationViewSet(ModelViewSet):
    """All registrations: filter, search, inspect, correct, export to XLSX or CSV."""

    model = Registration
    name = "panels_registrations"
    url_prefix = "panels/registrations"
    icon = "form"
    menu_label = _("Registrations")
    inspect_view_enabled = True
    copy_view_enabled = False
    # Nothing refers to a registration; indexing each one would cost every application
    # a reference-index update (a third of its time under load) for a "usage" tab nobody needs.
    add_to_reference_index = False
    list_display = ["name", "session", "state", "profession", "municipality", "organisation"]
    list_filter = ["session", "state", "profession"]
    search_fields = ["name", "email", "organisation", "municipality"]
    # Personal data stays out of the search index: the listing searches with the ORM.
    search_backend_name = None
    list_export = ["session", "state", *Registration.APPLICATION_FIELDS, "created_at"]
    export_filename = "panel-registrations"
    inspect_view_fields = [
        "session",
        "state",
        *Registration.APPLICATION_FIELDS,
        "created_at",
        "updated_at",
    ]

    index_view_class = RegistrationIndexView

    @cached_property
    def permission_policy(self):
        # Wagtail 7.x reads the policy from here; 8.x from the registry (wagtail_hooks).
        return registration_permission_policy

    def get_urlpatterns(self):
        # Wagtail answers PermissionDenied with a redirect to the dashboard; here a
        # user without the panels permission gets an honest 403.
        return [
            URLPattern(p.pattern, forbidden_as_403(p.callback), p.default_args, p.name)
            for p in super().get_urlpatterns()
        ]


class PanelsViewSetGroup(ViewSetGroup):
    menu_label = _("Panels")
    menu_icon = "group"
    menu_name = "panels-group"
    items = (PanelViewSet, SessionsViewSet, RegistrationViewSet)
