"""The Wagtail site of a request and its site settings, kept per process between requests.

Wagtail looks both up on every request: ``Site.find_for_request`` (a query ordering the
sites by how well they match the host) and each ``BaseSiteSetting.for_request`` (a
``get_or_create``), together two queries and about 5 ms of CPU on every page, Django views
included, for rows that change a few times a year.

This middleware keeps, per process, the site found for each host and port with a
pristine copy of every registered site setting, and hands them to the request the way
Wagtail caches them on it (``request._wagtail_site`` and the settings' cache attribute),
so Wagtail's own lookups find them there. What is kept belongs to a generation stored in
the shared cache: any write to a site, a site's root page or one of its children, a locale
or a site setting, and any page move, bumps it, now and when the transaction commits, and
every process reloads on its next request. It also knows the slugs of the home page's
children, so that routing below it takes one query instead of two, and the menu's pages.
``SITE_CONTEXT_MAX_AGE`` (seconds) bounds the age of what a process keeps when the cache is
not shared between processes (local memory, several workers).
"""

import copy
import logging
import threading
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.models import Locale, Page, Site
from wagtail.signals import post_page_move

from home import generations

logger = logging.getLogger(__name__)

GENERATION_KEY = "sitecontext:generation"
DEFAULT_MAX_AGE = 60

# Hosts (with port) a process keeps a context for; a site rarely answers to more than a few.
MAX_HOSTS = 64

_kept = {}
_lock = threading.Lock()


def max_age():
    return getattr(settings, "SITE_CONTEXT_MAX_AGE", DEFAULT_MAX_AGE)


def generation():
    return generations.current(GENERATION_KEY)


def forget():
    """Drop what this process keeps (tests whose database was rolled back, say)."""
    with _lock:
        _kept.clear()


def site_changed(sender, instance=None, **kwargs):
    """Signal receiver: a write to what is kept makes every process reload it."""
    if isinstance(instance, Page):
        changed = kept_page(instance)
    elif isinstance(instance, BaseSiteSetting):
        # A new settings row is what ``for_site`` creates on a site's first request: its
        # defaults, which every process that loads the settings gets too.
        changed = not kwargs.get("created")
    else:
        changed = isinstance(instance, Site | Locale)
    if changed:
        generations.bump_now_and_at_commit(GENERATION_KEY)


def page_moved(sender, **kwargs):
    generations.bump_now_and_at_commit(GENERATION_KEY)


def kept_page(page):
    """Whether ``page`` is a site's root page or one of its children: the pages kept here
    (the root, the menu, the slugs routing looks up). Questions and other pages further
    down are written far more often and are never kept."""
    url_path = page.url_path or ""
    parent_path = url_path[: url_path.rstrip("/").rfind("/") + 1]
    roots = {root.root_path for root in Site.get_site_root_paths()}
    return url_path in roots or parent_path in roots


def connect():
    for signal in (post_save, post_delete):
        signal.connect(site_changed, dispatch_uid=f"site_context_{signal}")
    post_page_move.connect(page_moved, dispatch_uid="site_context_page_move")


def site_settings_models():
    return [model for model in registry if issubclass(model, BaseSiteSetting)]


def load(request):
    """The site for ``request`` and a pristine instance of each site setting (or None)."""
    site = Site._find_for_request(request)
    if site is None:
        return None, {}
    return site, {model: model.for_site(site) for model in site_settings_models()}


class SiteContextMiddleware:
    """Give each request its site and site settings without a query; see the module."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            self.attach(request)
        except DisallowedHost:
            pass  # CommonMiddleware answers 400 for it, as without this middleware
        except Exception:
            # Only a shortcut: with the cache or the database down, Wagtail's own lookups
            # run later as they would without it, and fail (or not) where they would
            # (/healthz must still answer 503, not 500).
            logger.warning("Site context not attached", exc_info=True)
        return self.get_response(request)

    def attach(self, request):
        # get_host() checks ALLOWED_HOSTS (DisallowedHost leaves the request to Django): a
        # host header nobody serves must not get an entry of its own.
        key = (request.get_host(), request.get_port())
        current = generation()
        kept = _kept.get(key)
        if kept is None or not kept.is_current(current):
            kept = KeptContext(current, *load(request))
            with _lock:
                if len(_kept) >= MAX_HOSTS:  # a wildcard ALLOWED_HOSTS: keep memory bounded
                    _kept.clear()
                _kept[key] = kept
        request._site_context = kept
        request._wagtail_site = kept.site
        for model, pristine in kept.site_settings.items():
            # A copy per request: Wagtail keeps the request and a page-URL cache on it.
            instance = copy.copy(pristine)
            instance._page_url_cache = {}
            instance._request = request
            setattr(request, model.get_cache_attr_name(), instance)


class KeptContext:
    """What one process keeps for one host and port, for one generation."""

    def __init__(self, generation, site, site_settings):
        self.generation = generation
        self.loaded_at = time.monotonic()
        self.site = site
        self.site_settings = site_settings
        self.children = {}
        self._menu_pages = None

    def is_current(self, current):
        return self.generation == current and time.monotonic() - self.loaded_at <= max_age()

    def child_ids(self, parent):
        """``{slug: (content type id, page id)}`` of ``parent``'s children."""
        children = self.children.get(parent.pk)
        if children is None:
            children = {
                slug: (content_type_id, pk)
                for slug, content_type_id, pk in Page.objects.child_of(parent).values_list(
                    "slug", "content_type_id", "pk"
                )
            }
            self.children[parent.pk] = children
        return children

    def menu_pages(self):
        if self._menu_pages is None:
            self._menu_pages = load_menu_pages(self.site)
        return self._menu_pages


def load_menu_pages(site):
    return list(site.root_page.get_children().live().in_menu())


def specific_child(request, parent, slug):
    """``parent``'s child page ``slug`` as its specific type, in one query instead of
    Wagtail's two (the page, then its specific row), or None when this request has no kept
    context or the kept slugs are out of date (the caller routes the usual way)."""
    kept = getattr(request, "_site_context", None)
    if kept is None:
        return None
    found = kept.child_ids(parent).get(slug)
    if found is None:
        return None
    content_type_id, pk = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    child = model.objects.filter(pk=pk).first() if model is not None else None
    if child is None or child.slug != slug or not child.path.startswith(parent.path):
        return None
    return child
