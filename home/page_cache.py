"""Whole-page cache for anonymous visitors of Wagtail pages, shared by every app server.

A cached page is only ever served to a visitor who could not see anything personal: not
logged in, no session cookie and no messages cookie. Everything a member sees goes through
the normal view. The CSRF token in a cached page (the language switch's form) is punched out
when it is stored and each visitor gets a token of their own when it is served.

Invalidation is by generation: every cached page carries a counter, and any write that can
change what a page shows (a page published or unpublished, a reply saved, approved or hidden,
an application, a profile, a setting) bumps it, which makes every cached page unreachable at
once. Coarse, but it cannot miss a dependency between pages (a reply changes its question,
the question index's counts and its author's profile), and writes are rare next to reads.
``PAGE_CACHE_SECONDS`` bounds how long a page may show time-dependent text (an application
deadline passing) without a write.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token

from wagtail import views as wagtail_views

GENERATION_KEY = "pagecache:generation"
CSRF_PLACEHOLDER = "__page_cache_csrf_token__"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
# Query parameters the pages read; any other query string is not cached, so that nobody can
# fill the cache with endless variants of one page.
CACHED_PARAMETERS = frozenset({"page", "sort"})
# Writes that never change a public page: sessions, logins, search-index rows, drafts.
IGNORED_APPS = frozenset({"sessions", "contenttypes", "admin", "account", "wagtailsearch"})
IGNORED_MODELS = frozenset(
    {
        "auth.user",  # last_login on every login; names shown on pages live on Profile
        "wagtailcore.revision",  # a draft; publishing saves the page itself
        "wagtailcore.taskstate",
        "wagtailcore.workflowstate",
        "wagtailcore.referenceindex",
        "wagtailadmin.editingsession",
        "wagtailusers.userprofile",
    }
)
HIT_HEADER = "X-Page-Cache"


def cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def generation():
    """The current generation; starts at 1 when the cache holds none."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation():
    """Make every cached page stale, on this and every other app server sharing the cache."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (a cold or flushed cache): any new value will do
        cache.add(GENERATION_KEY, 2, timeout=None)


def content_changed(sender, **kwargs):
    """Signal receiver: bump now and again when the transaction commits.

    Now, so that a request in this process right after the write cannot get the old page;
    at commit, because a request elsewhere may have cached the old rows between the bump
    and the commit.
    """
    if not cache_seconds():
        return
    meta = sender._meta
    if meta.app_label in IGNORED_APPS or meta.label_lower in IGNORED_MODELS:
        return
    bump_generation()
    transaction.on_commit(bump_generation)


def connect():
    """Listen to every model's writes (page publishing saves the page row, moderation logs
    an entry, registrations and replies save themselves)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{signal}")


def request_is_cacheable(request):
    """Anonymous, without a session or messages, a GET with only the pages' parameters."""
    if request.method != "GET" or not cache_seconds():
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if set(request.GET) - CACHED_PARAMETERS:
        return False
    return not request.user.is_authenticated


def cache_key(request):
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"pagecache:{language}:{request.scheme}:{request.get_host()}:{request.get_full_path()}"


def storable(request, response):
    """Only a plain 200 HTML page that set no cookie but the CSRF one and showed no message."""
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or messages._queued_messages):
        return False
    return not request.user.is_authenticated


def punch_csrf(content):
    """The page with its CSRF tokens replaced by a placeholder, or None when a token also
    appears somewhere the placeholder would not reach."""
    tokens = set(match.group(2) for match in CSRF_INPUT.finditer(content))
    punched = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<3>", content)
    if any(token in punched for token in tokens):
        return None
    return punched


class AnonymousPageCacheMiddleware:
    """Serve Wagtail pages to anonymous visitors from the cache; see the module docstring.

    Sits after the CSRF, session, authentication, locale and messages middleware: it needs
    the user and the language, and the CSRF middleware must set the cookie for the token it
    hands out on a hit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        miss = getattr(request, "_page_cache_miss", None)
        if miss is None or response.has_header(HIT_HEADER):
            return response
        key, generation_number = miss
        if storable(request, response):
            content = punch_csrf(response.content.decode(response.charset))
            if content is not None:
                headers = {
                    name: value
                    for name, value in response.items()
                    if name.lower() not in {"set-cookie", "content-length"}
                }
                cache.set(key, (generation_number, content, headers), timeout=cache_seconds())
        response[HIT_HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or not request_is_cacheable(request):
            return None
        key = cache_key(request)
        # One round trip for both: the page and the generation it must belong to.
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY)
        if current is None:
            current = generation()
        cached = found.get(key)
        if cached is None or cached[0] != current:
            # Stored with the generation read *before* the view reads the database, so a
            # write committed meanwhile leaves this copy stale, never a stale copy current.
            request._page_cache_miss = (key, current)
            return None
        _generation, content, headers = cached
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response
