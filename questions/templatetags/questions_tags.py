"""Template helpers for question pages: safe reply bodies, what a member may do with a
reply, and an elided page range."""

from django import template
from django.utils.safestring import mark_safe

from community.sanitise import sanitise_html

register = template.Library()

# Pages shown either side of the current one, and at each end, before "…" takes over.
PAGINATION_ON_EACH_SIDE = 2
PAGINATION_ON_ENDS = 1


@register.filter
def sanitised(html):
    """Member-written HTML, cleaned again on the way out.

    ``Reply.save`` already cleans the body, but ``QuerySet.update``, ``bulk_create`` and
    ``loaddata`` (which saves with ``raw=True``) never call ``save``; nh3 is fast enough to
    repeat the allow-list on every render, so no row can reach a visitor uncleaned.
    """
    return mark_safe(sanitise_html(str(html) if html is not None else ""))  # noqa: S308


@register.simple_tag
def reply_permissions(reply, viewer):
    """What ``viewer`` (a Profile or None) may do with ``reply`` on the thread: ``change``
    (edit, delete: their own), ``mark_and_report`` (someone else's published reply) and
    whether the reply's action bar has anything to show (``see_actions``)."""
    published = reply.status == reply.Status.PUBLISHED
    change = reply.is_by(viewer)
    mark_and_report = bool(viewer) and published and not change
    helpful_count = getattr(reply, "helpful_count", 0)
    return {
        "change": change,
        "mark_and_report": mark_and_report,
        "see_actions": change or mark_and_report or (published and helpful_count > 0),
    }


@register.simple_tag
def elided_page_range(page_obj):
    """The page numbers to link, with ``Paginator.ELLIPSIS`` where a run is left out."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=PAGINATION_ON_EACH_SIDE, on_ends=PAGINATION_ON_ENDS
        )
    )
