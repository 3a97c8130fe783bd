"""`python manage.py load_demo`: the demo site and the seed thread, safe to run again."""

from django.core.management.base import BaseCommand
from django.utils.formats import date_format

from home.demo import load_demo


class Command(BaseCommand):
    help = (
        "Build the demo site: the home page, the questions index, the privacy statement and the "
        "seed question about polarisation with its panel, contacts and reply. Running it again "
        "updates the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-published",
            action="store_true",
            help="Keep the panel sessions on their 2022 dates instead of moving them ahead.",
        )

    def handle(self, *args, as_published=False, **options):
        result = load_demo(as_published=as_published)
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {result.site.site_name}"))
        self.stdout.write(f"  Question: {result.question.url}")
        for session in result.panel.sessions.order_by("date", "start_time"):
            self.stdout.write(f"  Session: {session.city}, {date_format(session.date, 'D j M Y')}")
        published = ", ".join(page.title for page in result.published_pages) or "none"
        self.stdout.write(f"  Pages published this run: {published}")
