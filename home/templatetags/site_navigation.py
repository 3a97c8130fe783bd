"""The header's menu: the live pages below the site's root page that are shown in menus."""

from django import template

from wagtail.models import Site

from home import site_context

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The menu's pages, in the tree's order: kept with the site between requests (see
    home/site_context.py) when the request has its site context, else one query."""
    request = context.get("request")
    site = Site.find_for_request(request)
    if site is None or site.root_page_id is None:
        return []
    kept = getattr(request, "_site_context", None)
    if kept is not None and kept.site is site:
        return kept.menu_pages()
    return site_context.load_menu_pages(site)
