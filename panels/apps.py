from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "panels"
    verbose_name = _("Panels")

    def ready(self):
        # discovery registers the panel sessions for discovery. tasks is loaded with the app
        # (it brings icalendar), not by the first application a worker takes, which would
        # otherwise wait for the imports.
        from . import discovery, tasks  # noqa: F401
