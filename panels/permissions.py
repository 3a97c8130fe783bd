"""Who may see and decide on registrations.

"The panels permission" is ``panels.change_registration``: it opens the sessions
overview, the selection page and the registrations listing. ``view_registration``
alone gives the read-only listing and export. Nobody adds or deletes registrations in
the admin: applicants apply on the site, and data leaves through anonymisation.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.permission_policies import ModelPermissionPolicy

DECIDE_PERMISSION = "panels.change_registration"


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions, except that "add" and "delete" are never granted."""

    REFUSED = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        if action in self.REFUSED:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.REFUSED])


def can_decide(user):
    return user.is_active and user.has_perm(DECIDE_PERMISSION)


def forbidden(request):
    """A 403 page in the admin's look. Wagtail's own response to PermissionDenied is a
    redirect to the dashboard; registrations answer with a plain 403 instead."""
    return TemplateResponse(
        request,
        "panels/admin/forbidden.html",
        {"page_title": _("Permission denied"), "header_icon": "lock"},
        status=403,
    )


def forbidden_as_403(view):
    """Turn PermissionDenied raised by an admin view into a 403 response."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    return wrapped
