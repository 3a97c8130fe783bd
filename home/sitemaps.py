"""The site's sitemap.xml: Wagtail's live public pages, plus the topic and panel pages that
the apps serve from their own views when the project mounts them."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import NoReverseMatch, reverse

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from community.models import Topic
from panels.models import Panel

# The URL names of the app views listed, tried in order; the first that the project's urls
# define is used. A project without topic pages simply has no topic section.
TOPIC_URL_NAMES = ("topics:detail", "topics:topic")
PANEL_URL_NAMES = ("panels:panel_detail",)
# Lists served by app views (not Wagtail pages), each listed when the project mounts it.
LISTING_URL_NAMES = ("topics:index", "panels:index")


def url_name(names, **kwargs):
    """The first of ``names`` that reverses with ``kwargs``, or None."""
    for name in names:
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return name
    return None


class ViewSitemap(WagtailSitemap):
    """Objects with their own Django view, on the same scheme and host as Wagtail's pages
    (the Wagtail site's root URL, not whatever host the request came in on)."""

    url_name = None
    items = DjangoSitemap.items
    _urls = DjangoSitemap._urls

    def __init__(self, request, url_name=None):
        super().__init__(request)
        self.url_name = url_name

    def location(self, obj):
        return reverse(self.url_name, kwargs={"slug": obj.slug})

    def lastmod(self, obj):
        return None

    def get_urls(self, page=1, site=None, protocol=None):
        root = urlsplit(self.get_wagtail_site().root_url)
        return self._urls(page, root.scheme, root.netloc)


class ListingSitemap(ViewSitemap):
    """The app views that list things, e.g. all topics, all panel sessions."""

    def items(self):
        return [name for name in LISTING_URL_NAMES if url_name([name]) is not None]

    def location(self, name):
        return reverse(name)


class TopicSitemap(ViewSitemap):
    def items(self):
        return Topic.objects.order_by("slug")


class PanelSitemap(ViewSitemap):
    def items(self):
        return Panel.objects.order_by("slug")


def sitemap(request):
    """sitemap.xml: pages first, then the apps' lists, topics and panels where the project
    has their pages."""
    sitemaps = {"pages": WagtailSitemap(request), "listings": ListingSitemap(request)}
    for key, sitemap_class, names in (
        ("topics", TopicSitemap, TOPIC_URL_NAMES),
        ("panels", PanelSitemap, PANEL_URL_NAMES),
    ):
        name = url_name(names, slug="x")
        if name is not None:
            sitemaps[key] = sitemap_class(request, name)
    return wagtail_sitemap(request, sitemaps=sitemaps)
