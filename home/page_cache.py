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

import os
import re
import struct
import threading
import time
import zlib
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from wagtail import views as wagtail_views

from home import generations

GENERATION_KEY = "pagecache:generation"
CSRF_PLACEHOLDER = b"__page_cache_csrf_token__"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
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
    """The current generation of the cached pages."""
    return generations.current(GENERATION_KEY)


def content_changed(sender, **kwargs):
    """Signal receiver: any write but the ignored ones makes every cached page stale, now and
    at commit (generations.bump_now_and_at_commit)."""
    if not cache_seconds():
        return
    meta = sender._meta
    if meta.app_label in IGNORED_APPS or meta.label_lower in IGNORED_MODELS:
        return
    generations.bump_now_and_at_commit(GENERATION_KEY)


def connect():
    """Listen to every model's writes (page publishing saves the page row, moderation logs
    an entry, registrations and replies save themselves)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{signal}")


def request_is_cacheable(request):
    """Anonymous, without a session or messages, a GET with only the pages' parameters.

    Decided from the request alone, before the session, authentication and CSRF middleware
    run: a visitor without a session cookie cannot be logged in (logins live in the session),
    and one who sends credentials in a header is not treated as anonymous.
    """
    if request.method != "GET" or not cache_seconds() or settings.CSRF_USE_SESSIONS:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not set(request.GET) - CACHED_PARAMETERS


def predicted_language(request):
    """The language ``LocaleMiddleware`` will activate: the site has no language prefixes in
    its URLs, so the language cookie, else the default (Accept-Language is already dropped)."""
    return translation.get_language_from_request(request)


def cache_key(request, language):
    return (
        f"pagecache:v2:{language}:{request.scheme}:{request.get_host()}:{request.get_full_path()}"
    )


CSRF_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# The largest multiple of the alphabet's size below 256: bytes above it are dropped, so every
# character is equally likely.
CSRF_BYTE_LIMIT = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def random_csrf_string():
    """What Django's ``_get_new_csrf_string`` returns (32 random letters and digits), from
    ``os.urandom`` in one call instead of a ``secrets.choice`` per character."""
    size = len(CSRF_ALLOWED_CHARS)
    chars = []
    while len(chars) < CSRF_SECRET_LENGTH:
        chars += [
            CSRF_ALLOWED_CHARS[byte % size]
            for byte in os.urandom(CSRF_SECRET_LENGTH + 8)
            if byte < CSRF_BYTE_LIMIT
        ]
    return "".join(chars[:CSRF_SECRET_LENGTH])


def csrf_token(request):
    """Django's ``get_token``: the visitor's secret (a new one when the cookie has none), to be
    set as the cookie, masked with a fresh random mask (BREACH), as ``_mask_cipher_secret``
    does. A hit runs this for every new visitor; Django's version is a third of a hit."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = random_csrf_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_csrf_string()
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(CSRF_CHAR_INDEX[x] + CSRF_CHAR_INDEX[y]) % size]
        for x, y in zip(secret, mask, strict=True)
    )
    return mask + cipher


def served_by_wagtail(request):
    """Whether the request went to Wagtail's page view (known once the URL was resolved)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.func is wagtail_views.serve


def storable(request, response):
    """Only a plain 200 HTML page that set no cookie but the CSRF one and showed no message,
    to a visitor who is still anonymous."""
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
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated


def punch_csrf(content):
    """The page (bytes) with its CSRF tokens replaced by a placeholder, or None when a token
    also appears somewhere the placeholder would not reach."""
    tokens = {match.group(2) for match in CSRF_INPUT.finditer(content)}
    punched = CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<3>", content)
    if any(token in punched for token in tokens):
        return None
    return punched


# gzip's member header (no name, no time, unknown OS) and the empty last block of a deflate
# stream, for the pages compressed below.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
LAST_BLOCK = zlib.compressobj(wbits=-15).flush()
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def deflate_segment(data, level):
    """``data`` as deflate blocks that end on a byte and refer to nothing before them (a
    fresh compressor, flushed with Z_FULL_FLUSH, none of them the last block): segments like
    this can be put one after another into one deflate stream."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


class GzippedPage:
    """A cached page compressed once, with a hole for each CSRF token.

    Every visitor gets a token of their own, so the page cannot be stored compressed as a
    whole; each part between the tokens is compressed once, as a segment of its own, and
    each response compresses only its token (a few dozen bytes) and chains the checksum.
    Compressing a page that holds a secret invites BREACH; the token is masked afresh for
    every response, as Django's own GZipMiddleware relies on too.
    """

    def __init__(self, content):
        self.parts = content.split(CSRF_PLACEHOLDER)
        self.segments = [deflate_segment(part, 6) for part in self.parts]
        self.first_crc = zlib.crc32(self.parts[0])
        self.static_size = sum(len(part) for part in self.parts)

    def body(self, token=b""):
        holes = len(self.parts) - 1
        chunks = [GZIP_HEADER, self.segments[0]]
        crc = self.first_crc
        token_segment = deflate_segment(token, 1) if holes else b""
        for part, segment in zip(self.parts[1:], self.segments[1:], strict=True):
            crc = zlib.crc32(part, zlib.crc32(token, crc))
            chunks += [token_segment, segment]
        size = self.static_size + holes * len(token)
        chunks += [LAST_BLOCK, struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)]
        return b"".join(chunks)


def accepts_gzip(request):
    """Whether the visitor's browser takes gzip (every browser does); Django's GZipMiddleware
    asks the same way."""
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


class LocalCopies:
    """The pages this process served from the cache lately, at most ``size`` of them (least
    recently used first out), each with the generation it belongs to, for no longer than
    ``PAGE_CACHE_SECONDS`` (like the shared copy: time-dependent text such as a deadline).
    Only ever served after the shared generation was read, so a bump anywhere makes them
    stale at once."""

    def __init__(self, size):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, current):
        with self.lock:
            found = self.pages.get(key)
            if found is None:
                return None
            expires, cached = found[0], found[1]
            if cached[0] != current or time.monotonic() >= expires:
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return cached

    def gzipped(self, key, cached):
        """``cached``'s page compressed (see GzippedPage), made once per copy in memory."""
        with self.lock:
            found = self.pages.get(key)
        if found is None or found[1] is not cached:
            return GzippedPage(cached[1])
        if found[2] is None:
            found[2] = GzippedPage(cached[1])
        return found[2]

    def put(self, key, cached):
        size = getattr(settings, "PAGE_CACHE_LOCAL_PAGES", self.size)
        expires = time.monotonic() + cache_seconds()
        with self.lock:
            self.pages[key] = [expires, cached, None]
            self.pages.move_to_end(key)
            while len(self.pages) > size:
                self.pages.popitem(last=False)

    def clear(self):
        with self.lock:
            self.pages.clear()


# ~100 kB a page: 200 pages are ~20 MB per worker.
local_copies = LocalCopies(size=200)


class AnonymousPageCacheMiddleware:
    """Serve Wagtail pages to anonymous visitors from the cache; see the module docstring.

    Sits as early as it can (after the security, static-file and Accept-Language middleware,
    before sessions, locale, CSRF, authentication and messages), so that a hit costs one
    Redis round trip and the building of one response: no session, no user, no database
    query, no URL resolving, no template. It therefore decides from the request alone
    (``request_is_cacheable``), predicts the language the way ``LocaleMiddleware`` will
    choose it, and only stores a page when the language that rendered it is the predicted
    one. A hit hands out the visitor's CSRF token and cookie itself, through Django's own
    CSRF middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Only its cookie handling is used: reading the visitor's secret and setting the cookie.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        language = predicted_language(request)
        key = cache_key(request, language)
        # The generation first, alone (a few bytes): a page this process served before in the
        # same generation is still in its memory, and the page itself (~100 kB) need not
        # travel from the cache again.
        current = generation()
        cached = local_copies.get(key, current)
        if cached is None:
            cached = generations.read_many([key]).get(key)
            if cached is not None and cached[0] == current:
                local_copies.put(key, cached)
        if cached is not None and cached[0] == current:
            return self.hit(request, key, cached)

        response = self.get_response(request)
        if not served_by_wagtail(request):
            return response
        response[HIT_HEADER] = "miss"
        # Hits may come compressed: caches between here and the browser must know.
        patch_vary_headers(response, ("Accept-Encoding",))
        # Stored with the generation read *before* the view read the database, so a write
        # committed meanwhile leaves this copy stale, never a stale copy current.
        if getattr(request, "LANGUAGE_CODE", None) == language and storable(request, response):
            content = punch_csrf(response.content)
            if content is not None:
                headers = {
                    name: value
                    for name, value in response.items()
                    if name.lower() not in {"set-cookie", "content-length", HIT_HEADER.lower()}
                }
                cache.set(key, (current, content, headers), timeout=cache_seconds())
                local_copies.put(key, (current, content, headers))
        return response

    def hit(self, request, key, cached):
        _generation, content, headers = cached
        token = b""
        if CSRF_PLACEHOLDER in content:
            self.csrf.process_request(request)
            token = csrf_token(request).encode()
        if accepts_gzip(request):
            content = local_copies.gzipped(key, cached).body(token)
            response = HttpResponse(content, headers=headers)
            response["Content-Encoding"] = "gzip"
        else:
            content = content.replace(CSRF_PLACEHOLDER, token) if token else content
            response = HttpResponse(content, headers=headers)
        patch_vary_headers(response, ("Accept-Encoding",))
        response["Content-Length"] = str(len(content))
        response[HIT_HEADER] = "hit"
        return self.csrf.process_response(request, response)
