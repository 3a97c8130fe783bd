"""The site's <head>: meta description, canonical URL, Open Graph and Twitter card tags and
the Atom feed links, from the page or from what a template puts in its blocks.

``templates/base.html`` captures the ``title`` and ``meta_description`` blocks and hands them
to ``{% meta_tags %}``; an app template only fills those blocks (or sets a
``meta_description`` context variable).
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from community.models import Topic
from home.models import HomePage
from questions.feeds import plain_text
from questions.models import QuestionIndexPage, QuestionPage

register = template.Library()

# Search engines show about this much of a description.
DESCRIPTION_CHARS = 160
OG_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
# Rich-text fields a page's description falls back on, in this order, when an editor wrote
# no search description. StreamFields are left out: rendering them costs too much for a tag.
DESCRIPTION_FIELDS = ("explanation", "intro", "body", "description")


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render what is enclosed (blocks that child
    templates override included) into the variable ``name`` instead of the page, so one block
    can feed both the <title> and the og:title."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def page_description(page):
    """A Wagtail page's own description: its search description, else the start of its
    first non-empty rich-text field (a question's explanation, an index's introduction…)."""
    if page.search_description.strip():
        return page.search_description
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def site_for(request):
    return Site.find_for_request(request) if request is not None else None


def canonical_url(request, site):
    """The address of this page on the site's own host (Settings → Sites in the admin, as in
    the sitemap), without a query string except a page number beyond the first."""
    if request is None:
        return ""
    if site is not None:
        url = site.root_url + request.path
    else:
        url = request.build_absolute_uri(request.path)
    number = request.GET.get("page", "")
    if number.isdigit() and int(number) > 1:
        url += f"?page={int(number)}"
    return url


def feed_links(page, topic):
    """The Atom feeds a page advertises: all new questions on the home page, question
    indexes and topic pages; a topic's own feed on its topic page."""
    feeds = []
    try:
        if isinstance(page, HomePage | QuestionIndexPage) or topic is not None:
            feeds.append({"title": _("New questions"), "url": reverse("question_feeds:latest")})
        if topic is not None:
            feeds.append(
                {
                    "title": _("New questions on %(topic)s") % {"topic": topic.name},
                    "url": reverse("question_feeds:topic", kwargs={"slug": topic.slug}),
                }
            )
    except NoReverseMatch:  # a project that does not mount the feeds
        return []
    return feeds


@register.simple_tag(takes_context=True)
def meta_tags(context, title="", description=""):
    """The description, canonical and social-media tags of the page being rendered.

    ``title`` and ``description`` are what the template's blocks rendered (HTML-escaped
    text); the description falls back on the ``meta_description`` context variable, the
    page's own text, a ``topic``'s description and finally the site's tagline.
    """
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    topic = context.get("topic")
    if not isinstance(topic, Topic):
        topic = None
    site = site_for(request)
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME

    candidates = [description, context.get("meta_description") or ""]
    if page is not None:
        candidates.append(page_description(page))
    if topic is not None:
        candidates.append(topic.description)
    candidates.append(
        _(
            "Youth professionals share questions, experiences and resources, and meet in "
            "panel discussions."
        )
    )
    description = next(
        text for text in (plain_text(str(c), DESCRIPTION_CHARS) for c in candidates) if text
    )

    language = translation.get_language() or settings.LANGUAGE_CODE
    locale = OG_LOCALES.get(language, language.replace("-", "_"))
    meta = {
        "title": plain_text(str(title)) or site_name,
        "description": description,
        "url": canonical_url(request, site),
        "site_name": site_name,
        "type": context.get("og_type")
        or ("article" if isinstance(page, QuestionPage) else "website"),
        "locale": locale,
        "alternate_locales": [
            OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != language
        ],
        "image": context.get("meta_image") or "",
        "published": page.published_on if isinstance(page, QuestionPage) else None,
        "feeds": feed_links(page, topic),
    }
    return render_to_string("components/meta.html", {"meta": meta})
