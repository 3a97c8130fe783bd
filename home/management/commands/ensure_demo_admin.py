"""`python manage.py ensure_demo_admin`: a superuser "admin" for trying the demo locally."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

USERNAME = "admin"
PASSWORD_ENV = "DEMO_ADMIN_PASSWORD"  # noqa: S105 - the variable's name, not a password


class Command(BaseCommand):
    help = (
        f'Create the superuser "{USERNAME}", or reset it, for local development. The password '
        f"comes from ${PASSWORD_ENV} or is generated, and is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            help="Where the site is served, for the printed admin link (default: "
            "WAGTAILADMIN_BASE_URL). `make demo` passes http://$(HOST):$(PORT).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. A known admin password does not belong on a "
            "server that others can reach.",
        )

    def handle(self, *args, force=False, base_url=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create a demo admin while DEBUG is off: this is for local "
                "development only. Use --force if you really mean it."
            )
        password = os.environ.get(PASSWORD_ENV) or secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()

        base_url = base_url or settings.WAGTAILADMIN_BASE_URL
        admin_url = base_url.rstrip("/") + reverse("wagtailadmin_home")
        verb = "created" if created else "reset"
        self.stdout.write(self.style.SUCCESS(f'Superuser "{USERNAME}" {verb}.'))
        self.stdout.write(f"Demo admin: {admin_url} user {USERNAME}, password {password}")
