"""Daily: remind contact persons before confirmation deadlines and participants before
their session. Idempotent: a reminder already sent is never sent again."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from panels import services


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        # Mail to contact persons is in the site's language; participants get their own.
        with translation.override(settings.LANGUAGE_CODE):
            sent = services.send_reminders()
        self.stdout.write(
            f"Reminders sent: {sent['contacts']} to contact persons, "
            f"{sent['participants']} to participants."
        )
