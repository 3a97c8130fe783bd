"""Registers the "Panels" admin menu: panels, sessions and selection, registrations."""

from wagtail.snippets.models import register_snippet

from .models import Registration
from .viewsets import PanelsViewSetGroup, registration_permission_policy

try:  # Wagtail 8+: permission policies live in a registry.
    from wagtail.permissions import register_permission_policy
except ImportError:  # Wagtail 7.x reads RegistrationViewSet.permission_policy.
    register_permission_policy = None

if register_permission_policy is not None:
    register_permission_policy(Registration, registration_permission_policy, exact_class=True)

# Panel must be a snippet: the questions app chooses one with SnippetChooserBlock.
register_snippet(PanelsViewSetGroup)
