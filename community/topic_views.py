"""Topic pages: the index of all topics with their counts, and one page per topic listing
its questions, experiences, resources and panel sessions, each part paginated on its own.

What is listed comes from the discovery registry (community.discovery), which the apps
above this one fill; these views never name their models. Both pages cost a fixed number
of queries however many topics and items there are.
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import discovery
from .models import Topic
from .vocabulary import Province, provinces_near

ITEMS_PER_PAGE = 10
# Page links shown either side of the current one, and at each end, before "…".
PAGES_ON_EACH_SIDE = 2
PAGES_ON_ENDS = 1


class RegionFilterForm(forms.Form):
    """The region filter of a topic page, sent with GET so that it works without JS."""

    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("All provinces")), *Province.choices],
    )
    nearby = forms.BooleanField(label=_("Also the neighbouring provinces"), required=False)

    def provinces(self):
        """The provinces to filter on ([] for all), or [] when the input was invalid."""
        if not self.is_valid() or not self.cleaned_data["province"]:
            return []
        province = self.cleaned_data["province"]
        if self.cleaned_data["nearby"]:
            return [str(p) for p in provinces_near(province)]
        return [province]


@require_GET
def topic_index(request):
    """Every active topic with its description and how much public content carries it."""
    kinds = discovery.kinds()
    counts = {kind.key: kind.counts_by_topic() for kind in kinds}
    topics = []
    # Retired topics leave the index; their pages stay, for the links that carry them.
    for topic in Topic.objects.active():
        per_kind = [(kind, counts[kind.key].get(topic.pk, 0)) for kind in kinds]
        topics.append(
            {"topic": topic, "counts": per_kind, "total": sum(n for _kind, n in per_kind)}
        )
    return render(request, "community/topics/index.html", {"topics": topics, "kinds": kinds})


def _page_number(value):
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def _page_links(request, key, page_obj):
    """The numbered links of one part's pagination, keeping the other parts' pages and the
    filter in the URL: ``[(number or "…", url), …]``."""

    def url(number):
        query = request.GET.copy()
        query[key] = number
        return f"?{urlencode(sorted(query.items()))}#{key}"

    links = []
    for number in page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=PAGES_ON_EACH_SIDE, on_ends=PAGES_ON_ENDS
    ):
        links.append((number, "" if number == page_obj.paginator.ELLIPSIS else url(number)))
    return {
        "links": links,
        "previous": url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next": url(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


@require_GET
def topic_detail(request, slug):
    """One topic: its description and each kind's public items carrying it, filtered by
    region (GET ?province=…&nearby=on) and paginated per kind (?questions=2)."""
    topic = get_object_or_404(Topic, slug=slug)
    form = RegionFilterForm(request.GET or None)
    provinces = form.provinces() if form.is_bound else []
    sections = []
    for kind in discovery.kinds():
        paginator = Paginator(kind.listing(topic=topic, provinces=provinces), ITEMS_PER_PAGE)
        # get_page: a page number that is not one, or past the end, shows a real page.
        page_obj = paginator.get_page(_page_number(request.GET.get(kind.key)))
        sections.append(
            {
                "kind": kind,
                "page": page_obj,
                "items": list(page_obj.object_list),
                "pagination": _page_links(request, kind.key, page_obj),
                "unfiltered": bool(provinces) and not kind.has_region,
            }
        )
    context = {
        "topic": topic,
        "form": form,
        "filtered": bool(provinces),
        "province_label": dict(Province.choices).get(provinces[0], "") if provinces else "",
        "sections": sections,
    }
    return render(request, "community/topics/detail.html", context)
