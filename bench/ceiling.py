"""The ceiling for bench/load.py: the smallest Django application, one view, no middleware.

    gunicorn --chdir bench ceiling:application

Whatever the site does on top of this (middleware, sessions, the database, Wagtail's page
routing, templates) is what the benchmark's ratios measure.
"""

import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-ceiling-not-secret",  # noqa: S106 - a local benchmark, nothing to protect
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
django.setup()


def hello(request):
    return HttpResponse("Hallo", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after settings.configure

application = get_wsgi_application()
