"""Atom feeds of new questions: all of them, and those on one topic.

Include ``questions.feed_urls`` in the project's urls, e.g.
``path("feeds/vragen/", include("questions.feed_urls"))``. Only live questions without view
restrictions under the requesting site are listed, newest first, in a fixed number of queries.
"""

import datetime
import html
import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.models import Site

from community.models import Topic

from .models import QuestionIndexPage, QuestionPage, QuestionPageTopic

FEED_ITEMS = 30
SUMMARY_CHARS = 300
# The topic page's URL name in the project, when it has one; the feed's web link points there.
TOPIC_URL_NAMES = ("topics:detail", "topics:topic")
# A block element's end or a line break ends a word: "<p>one</p><p>two</p>" is "one two".
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|blockquote|div|ul|ol)>|<br\s*/?>)", re.IGNORECASE)


def plain_text(rich_text, limit=None):
    """``rich_text`` (HTML) as one line of plain text, cut at a word before ``limit`` characters
    with an ellipsis. The result is text, not HTML: escape it wherever it goes."""
    text = html.unescape(strip_tags(BLOCK_END.sub(r"\1 ", rich_text or "")))
    text = " ".join(text.split())
    if limit:
        text = Truncator(text).chars(limit)
    return text


def topic_url(topic):
    """The path of ``topic``'s page in the project, or None when the project has none."""
    for name in TOPIC_URL_NAMES:
        try:
            return reverse(name, kwargs={"slug": topic.slug})
        except NoReverseMatch:
            continue
    return None


@dataclass
class FeedSource:
    """What one request's feed is about: the request (for absolute URLs), its Wagtail site
    and the topic (None for all questions)."""

    request: HttpRequest
    site: Site | None
    topic: Topic | None = None


class LatestQuestionsFeed(Feed):
    """New questions, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return FeedSource(request=request, site=Site.find_for_request(request))

    def questions(self, source):
        pages = QuestionPage.objects.live().public()
        if source.site is not None:
            pages = pages.descendant_of(source.site.root_page, inclusive=True)
        return pages

    def items(self, source):
        pages = (
            self.questions(source)
            .select_related("author")
            .prefetch_related("tagged_items__tag")
            .defer_streamfields()
            .order_by("-published_on", "-first_published_at", "-pk")[:FEED_ITEMS]
        )
        pages = list(pages)
        # Absolute URLs on the site's own host; the site root paths are cached on the request.
        for page in pages:
            page.feed_url = page.get_full_url(source.request)
        return pages

    def site_name(self, source):
        return (source.site.site_name if source.site else "") or "Kennisdeling"

    def title(self, source):
        return _("%(site)s: new questions") % {"site": self.site_name(source)}

    def subtitle(self, source):
        return _("The newest questions asked in the community.")

    def link(self, source):
        index = QuestionIndexPage.objects.live().public()
        if source.site is not None:
            index = index.descendant_of(source.site.root_page, inclusive=True)
        index = index.order_by("path").first()
        if index is not None:
            return index.get_full_url(source.request)
        return source.request.build_absolute_uri("/")

    def author_name(self, source):
        # Atom wants an author for every entry; the feed's stands in for former members.
        return self.site_name(source)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.feed_url

    def item_description(self, item):
        # Atom's summary is sent as type="html": escape the text so it stays text.
        return escape(plain_text(item.explanation, SUMMARY_CHARS))

    def item_author_name(self, item):
        return item.author.display_name if item.author else None

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and timezone.localtime(published).date() == item.published_on:
            return published
        # An editor dated the question: midnight of that day, in the site's time zone.
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))

    def item_updateddate(self, item):
        published = self.item_pubdate(item)
        return max(item.last_published_at or published, published)

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]


class TopicQuestionsFeed(LatestQuestionsFeed):
    """New questions on one topic; 404 for an unknown topic."""

    def get_object(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        return FeedSource(request=request, site=Site.find_for_request(request), topic=topic)

    def questions(self, source):
        # A subquery, not a join: a page tagged twice with one topic is still one entry.
        tagged = QuestionPageTopic.objects.filter(tag=source.topic).values("content_object")
        return super().questions(source).filter(pk__in=tagged)

    def title(self, source):
        return _("%(site)s: new questions on %(topic)s") % {
            "site": self.site_name(source),
            "topic": source.topic.name,
        }

    def subtitle(self, source):
        return source.topic.description or _("The newest questions on %(topic)s.") % {
            "topic": source.topic.name
        }

    def link(self, source):
        path = topic_url(source.topic)
        if path is None:
            return super().link(source)
        # On the site's own host, as the entries' links.
        if source.site is not None:
            return source.site.root_url + path
        return source.request.build_absolute_uri(path)
