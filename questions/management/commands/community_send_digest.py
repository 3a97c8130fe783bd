"""Queue the weekly digest for every member who asked for it (run it weekly, e.g. Monday)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from questions.digest import send_weekly_digests, week_start_of


class Command(BaseCommand):
    help = (
        "Queue the weekly digest e-mail for members who asked for one. Idempotent per week: "
        "running it again in the same week sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD); the digest covers the week "
            "before the Monday of its week.",
        )

    def handle(self, *args, today=None, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today must be a date as YYYY-MM-DD: {error}") from None
        run = send_weekly_digests(today)
        week = week_start_of(today) if today else None
        label = f" for the week of {week:%Y-%m-%d}" if week else ""
        self.stdout.write(
            f"Digests queued{label}: {run.queued}; already sent this week: "
            f"{run.already_sent}; nothing new: {run.nothing_new}."
        )
