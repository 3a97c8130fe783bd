"""Anonymise registrations a number of days after their session (PANELS_PURGE_AFTER_DAYS,
default 90). Meant to run daily; running it twice changes nothing the second time."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from panels import services
from panels.conf import get_setting


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after the session (default: PANELS_PURGE_AFTER_DAYS, 90).",
        )

    def handle(self, *args, days=None, **options):
        days = get_setting("PANELS_PURGE_AFTER_DAYS") if days is None else days
        if days < 0:
            raise CommandError("--days cannot be negative.")
        count = services.purge(now=timezone.now(), days=days)
        self.stdout.write(f"Anonymised {count} registration(s) of sessions over {days} days ago.")
