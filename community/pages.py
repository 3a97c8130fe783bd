"""What the community's page types share, whatever app defines them."""

from django.db.models.functions import Coalesce

from wagtail.models import Page, PageViewRestriction


class OneQueryViewRestrictions:
    """Page mixin: the view restrictions that apply to a page in one query.

    Wagtail checks them before serving every page, in two queries: the ancestors (to resolve
    aliases), then their restrictions. The ancestors' paths are prefixes of the page's own,
    so one query with a subquery does both: a restriction on the page or an ancestor applies,
    and for an alias, the restriction of the page it is an alias of (Wagtail never makes an
    alias of an alias, so one step resolves it).
    """

    def get_view_restrictions(self):
        paths = [self.path[: depth * self.steplen] for depth in range(1, self.depth + 1)]
        checked = (
            Page.objects.filter(path__in=paths)
            .annotate(checked_id=Coalesce("alias_of_id", "id"))
            .values("checked_id")
        )
        return PageViewRestriction.objects.filter(page_id__in=checked)
