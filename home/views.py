"""Site-level views that belong to no plugin app."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report


@never_cache
@require_GET
def healthz(request):
    """Database and cache status as JSON: 200 when both answer, 503 when either fails.

    No login and no session: load balancers call it every few seconds.
    """
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@require_GET
def robots_txt(request):
    """robots.txt: crawlers keep out of the admin and members' pages and find the sitemap."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
