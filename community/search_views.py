"""The search page: one list across every discovery kind (questions, experiences, resources,
panel sessions…), with filters for kind, topic, region and date, highlighted matches and
pagination. Include ``community.search_urls``, e.g. ``path("zoeken/", include(…))``.

Each kind searches only what its ``public()`` queryset allows, and what a page of results
shows is loaded again through ``public()``, so a pending or hidden reply, a draft or a
private page never reaches a visitor. The page costs a fixed number of queries however many
items match: one search per kind, then one load (with its prefetches) per kind on the page.
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import discovery
from .models import Topic
from .search import (
    MAX_RESULTS_PER_KIND,
    build_query,
    excerpt,
    highlight,
    merge_rankings,
    query_terms,
)
from .vocabulary import Province, provinces_near

RESULTS_PER_PAGE = 10
# Page links shown either side of the current one, and at each end, before "…".
PAGES_ON_EACH_SIDE = 2
PAGES_ON_ENDS = 1
MAX_QUERY_LENGTH = 200


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SearchForm(forms.Form):
    """The words and filters of a search, sent with GET so that results can be linked to."""

    q = forms.CharField(
        label=_("Search for"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("All provinces")), *Province.choices],
    )
    nearby = forms.BooleanField(label=_("Also the neighbouring provinces"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput, help_text=_("For example 2022-08-31")
    )
    date_until = forms.DateField(
        label=_("Until"), required=False, widget=DateInput, help_text=_("For example 2022-12-31")
    )

    def __init__(self, *args, kinds=(), topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {kind.key: kind for kind in kinds}
        self.topics = {topic.slug: topic for topic in topics}
        self.fields["type"].choices = [
            ("", _("Everything")),
            *((kind.key, kind.label) for kind in kinds),
        ]
        self.fields["topic"].choices = [
            ("", _("All topics")),
            *((topic.slug, topic.name) for topic in topics),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_until")
        if start and end and start > end:
            self.add_error("date_until", _("The end date cannot be before the start date."))
        if cleaned.get("q") and not query_terms(cleaned["q"]):
            self.add_error("q", _("Search for words made of letters or digits."))
        return cleaned

    def describe_errors(self):
        """Point each invalid control at its error message (aria-describedby), besides its
        help text, so a screen reader reads why the value was refused."""
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described = [f"{bound.auto_id}-error"]
            if bound.help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    @property
    def terms(self):
        """The words searched for ([] when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return []
        return query_terms(self.cleaned_data["q"])

    def selected_kinds(self):
        key = self.cleaned_data["type"]
        return [self.kinds[key]] if key else list(self.kinds.values())

    def filters(self):
        """The registry's filter arguments: topic, provinces, start and end."""
        data = self.cleaned_data
        provinces = []
        if data["province"]:
            provinces = (
                [str(p) for p in provinces_near(data["province"])]
                if data["nearby"]
                else [data["province"]]
            )
        return {
            "topic": self.topics.get(data["topic"]),
            "provinces": provinces,
            "start": data["date_from"],
            "end": data["date_until"],
        }


def topic_choices():
    """The topics to filter on: the active ones where the vocabulary retires topics."""
    topics = Topic.objects.all()
    return list(topics.active() if hasattr(topics, "active") else topics)


def searchable_kinds():
    return [kind for kind in discovery.kinds() if kind.is_searchable]


def run_search(kinds, terms, topic=None, provinces=None, start=None, end=None):
    """Every kind's public items matching all ``terms`` and the filters, merged into one
    ranking of SearchResults (items not loaded yet): one query per kind."""
    query = build_query(terms)
    rankings = []
    for kind in kinds:
        if provinces and not kind.has_region:
            # Like a date range for kinds without a date: a region filter leaves out what
            # has no region (resources), rather than listing it as if it were in the region.
            continue
        queryset = kind.public()
        if topic is not None:
            queryset = kind.filter_topic(queryset, topic)
        queryset = kind.filter_province(queryset, provinces)
        queryset = kind.filter_dates(queryset, start, end)
        found = kind.search(queryset, query)[:MAX_RESULTS_PER_KIND]
        rankings.append((kind, [item.pk for item in found]))
    return merge_rankings(rankings)


def load_results(results, request, terms):
    """Load the items of one page of ``results``, through each kind's ``public()`` again and
    with what ``search_entry()`` needs: one query (and its prefetches) per kind on the page.
    Adds ``item``, ``entry`` and the highlighted ``title_html``, ``details_html`` and
    ``excerpt_html`` to each; drops a result whose item is no longer public."""
    by_kind = {}
    for result in results:
        by_kind.setdefault(result.kind, []).append(result.pk)
    items = {
        kind: {item.pk: item for item in kind.for_search(kind.public().filter(pk__in=pks))}
        for kind, pks in by_kind.items()
    }
    loaded = []
    for result in results:
        item = items[result.kind].get(result.pk)
        if item is None:
            continue
        result.item = item
        result.entry = result.kind.search_entry(item, request)
        result.title_html = highlight(result.entry.title, terms)
        result.details_html = [highlight(str(d), terms) for d in result.entry.details if d]
        result.excerpt_html = excerpt(result.entry.text, terms) if result.entry.text else ""
        loaded.append(result)
    return loaded


def _page_number(value):
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def page_links(request, page_obj):
    """The numbered links of the pagination, keeping the words and filters in the URL."""

    def url(number):
        query = request.GET.copy()
        query["page"] = number
        return f"?{urlencode(sorted(query.items()))}"

    links = [
        (number, "" if number == page_obj.paginator.ELLIPSIS else url(number))
        for number in page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=PAGES_ON_EACH_SIDE, on_ends=PAGES_ON_ENDS
        )
    ]
    return {
        "links": links,
        "previous": url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next": url(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


@require_GET
def search(request):
    """The search page: ``?q=words`` with the optional filters ``type``, ``topic``,
    ``province`` (and ``nearby``), ``date_from``, ``date_until``, and ``page``."""
    kinds = searchable_kinds()
    data = request.GET if any(request.GET.get(name) for name in SearchForm.base_fields) else None
    form = SearchForm(data, kinds=kinds, topics=topic_choices())
    context = {"form": form, "terms": [], "results": [], "page_obj": None, "state": "start"}
    if form.is_bound and not form.is_valid():
        form.describe_errors()
        context["state"] = "invalid"
    elif form.is_bound and not form.terms:
        context["state"] = "no_words"
    elif form.is_bound:
        terms = form.terms
        results = run_search(form.selected_kinds(), terms, **form.filters())
        paginator = Paginator(results, RESULTS_PER_PAGE)
        # get_page: a page number that is not one, or past the end, shows a real page.
        page_obj = paginator.get_page(_page_number(request.GET.get("page")))
        context.update(
            {
                "state": "results" if results else "no_results",
                "terms": terms,
                "query": " ".join(terms),
                "page_obj": page_obj,
                "results": load_results(page_obj.object_list, request, terms),
                "pagination": page_links(request, page_obj),
            }
        )
    return render(request, "community/search/search.html", context)
