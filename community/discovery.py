"""The discovery registry: the kinds of public content that topic pages and search list.

The community app is the ground floor and imports neither questions nor panels, so the apps
above it register what they contribute, from ``AppConfig.ready()``::

    # questions/discovery.py, imported by QuestionsConfig.ready()
    from community.discovery import DiscoveryKind, register

    class ResourceKind(DiscoveryKind):
        key = "resources"
        label = _("Resources")
        template = "questions/includes/discovery_resource.html"
        model = Resource
        date_field = None                      # no date: a date range leaves them out

        def public(self):
            return Resource.objects.all()

    register(ResourceKind())

A kind is a small object with class attributes and overridable methods:

``key``
    Stable identifier, also the query parameter of the kind's page on a topic page
    (``?questions=2``): "questions", "experiences" (replies), "resources", "sessions".
``label``
    Translatable plural label ("Questions"), used as a heading or a filter choice.
``template``
    The card template. It is rendered with ``item`` (one object), ``kind`` and
    ``heading_level`` (2–4, the level of the card's title) in its context.
``public()``
    Everything an anonymous visitor may see, unordered and unfiltered. The only rule a
    consumer needs: never list anything that does not come from here.
``for_cards(queryset)``
    Adds the joins and prefetches the card template needs, so a page of cards costs a
    fixed number of queries.
``filter_topic(queryset, topic)``, ``filter_province(queryset, provinces)``,
``filter_dates(queryset, start=None, end=None)``, ``ordered(queryset)``
    Narrow or order a queryset of this kind. By default they use the lookups in
    ``topic_field``, ``province_fields`` (None: the kind has no region and the filter is a
    no-op; see ``has_region``) and ``date_field``, and the ``ordering`` tuple.
    ``provinces`` is one province value or several (e.g. ``provinces_near(p)``); ``start``
    and ``end`` are inclusive ``datetime.date`` bounds.
``listing(topic=None, provinces=None, start=None, end=None)``
    All of the above in one call: what a list of this kind shows.
``counts_by_topic()``
    ``{topic_id: number of public items}`` in one query, for topic indexes.
``search_label``, ``is_searchable``, ``search(queryset, query)``, ``for_search(queryset)``,
``search_entry(item, request)``
    The search page's hooks (``community/search_views.py``, added by the search work).
    ``search()`` runs Wagtail search over the public, filtered ``queryset``; a kind is
    searchable when its model is ``wagtail.search.index.Indexed`` with
    ``index.FilterField("id")``. ``search_entry()`` says what a result shows of an item (a
    ``community.search.SearchEntry`` in plain text: title, url, text to cut the highlighted
    excerpt from, date, details); the default is ``str(item)`` and its ``get_absolute_url()``.
    ``for_search()`` adds the joins ``search_entry()`` needs (default: ``for_cards()``).
    ``search_label`` is the singular shown on each result ("Question").

Consumers go through the module functions: ``kinds()`` (by ``position``: questions,
experiences, resources, sessions), ``get_kind(key)`` and ``register(kind)``. A page that
needs more from a kind (e.g. the search page's full-text hook) adds a method to
``DiscoveryKind`` with a default and overrides it in the apps' kinds; the API only grows,
it never changes shape.
"""

from django.db.models import Count, Q

from wagtail.search import index
from wagtail.search.backends import get_search_backend

from .search import SearchEntry

__all__ = ["DiscoveryKind", "get_kind", "kinds", "register", "unregister"]


class DiscoveryKind:
    """One kind of public content; subclass it per kind and ``register()`` an instance."""

    key = ""
    label = ""
    template = ""
    model = None
    # Lookup from an item to its Topic rows (through the app's tagged-item model).
    topic_field = "tagged_items__tag"
    # Lookups of the province fields to match, any of them (None: the kind has no region).
    province_fields = None
    # Lookup of a date (or ``created_at__date`` for a datetime); None: no date.
    date_field = None
    ordering = ("-pk",)
    # Where the kind comes in ``kinds()``: lower first (questions 10 … sessions 40).
    position = 100

    def __repr__(self):
        return f"<{type(self).__name__} {self.key!r}>"

    @property
    def has_region(self):
        """Whether ``filter_province`` narrows this kind (questions do, resources do not)."""
        return bool(self.province_fields)

    @property
    def has_dates(self):
        """Whether ``filter_dates`` narrows this kind."""
        return bool(self.date_field)

    def public(self):
        """What an anonymous visitor may see: a queryset of ``model``."""
        raise NotImplementedError

    def for_cards(self, queryset):
        """``queryset`` with what the card template shows, in a fixed number of queries."""
        return queryset

    def filter_topic(self, queryset, topic):
        """Items carrying ``topic`` (a Topic or its pk)."""
        topic_id = getattr(topic, "pk", topic)
        # A subquery rather than a join, so an item is never listed twice.
        tagged = self.model._default_manager.filter(**{self.topic_field: topic_id}).values("pk")
        return queryset.filter(pk__in=tagged)

    def filter_province(self, queryset, provinces):
        """Items in one of ``provinces`` (a province value or an iterable of them)."""
        if not self.has_region or not provinces:
            return queryset
        if isinstance(provinces, str):
            provinces = [provinces]
        provinces = [str(province) for province in provinces]
        condition = Q()
        for lookup in self.province_fields:
            condition |= Q(**{f"{lookup}__in": provinces})
        return queryset.filter(condition)

    def filter_dates(self, queryset, start=None, end=None):
        """Items dated from ``start`` up to and including ``end`` (either may be None). A
        kind without a date is left out entirely when a bound is given."""
        if start is None and end is None:
            return queryset
        if not self.has_dates:
            return queryset.none()
        if start is not None:
            queryset = queryset.filter(**{f"{self.date_field}__gte": start})
        if end is not None:
            queryset = queryset.filter(**{f"{self.date_field}__lte": end})
        return queryset

    def ordered(self, queryset):
        """``queryset`` in the order lists show this kind (newest or soonest first)."""
        return queryset.order_by(*self.ordering)

    def listing(self, topic=None, provinces=None, start=None, end=None):
        """The public items, filtered, ordered and ready for their cards."""
        queryset = self.public()
        if topic is not None:
            queryset = self.filter_topic(queryset, topic)
        queryset = self.filter_province(queryset, provinces)
        queryset = self.filter_dates(queryset, start, end)
        return self.for_cards(self.ordered(queryset))

    # --- Search (community/search_views.py) -------------------------------------------------

    # The singular shown on each search result ("Question"); the label when empty.
    search_label = ""

    @property
    def is_searchable(self):
        """Whether the search page searches this kind: its model is in the search index."""
        return isinstance(self.model, type) and issubclass(self.model, index.Indexed)

    def search(self, queryset, query):
        """``queryset`` (public and filtered items of this kind) searched for ``query`` (plain
        words, all of which must match, or a ``wagtail.search.query`` object such as
        ``community.search.build_query()`` makes) with the default Wagtail search backend,
        best match first.

        The search runs over the model narrowed to the ids of ``queryset``, so the filters may
        use any lookup, not only the model's ``index.FilterField``s; the model needs just
        ``index.FilterField("id")``. The database backends turn this into one query.
        """
        # Only the ids: the backend ranks and sorts every match, and with whole rows (a reply's
        # texts) a common word's sort spilled to disk; the shown page loads its items later.
        ids = queryset.order_by().values("pk")
        narrowed = self.model._default_manager.filter(id__in=ids).only("pk")
        return get_search_backend().search(query, narrowed, operator="and")

    def for_search(self, queryset):
        """``queryset`` with what ``search_entry()`` reads, in a fixed number of queries."""
        return self.for_cards(queryset)

    def search_entry(self, item, request):
        """What a search result shows of ``item`` (a ``community.search.SearchEntry``)."""
        url = item.get_absolute_url() if hasattr(item, "get_absolute_url") else ""
        return SearchEntry(kind_label=self.search_label or self.label, title=str(item), url=url)

    def counts_by_topic(self, queryset=None):
        """``{topic_id: count}`` of the public items (or of ``queryset``) per topic."""
        queryset = self.public() if queryset is None else queryset
        rows = (
            self.model._default_manager.filter(pk__in=queryset.order_by().values("pk"))
            .filter(**{f"{self.topic_field}__isnull": False})
            .order_by()
            .values(self.topic_field)
            .annotate(n=Count("pk", distinct=True))
            .values_list(self.topic_field, "n")
        )
        return dict(rows)


_registry = {}


def register(kind):
    """Add ``kind`` (a DiscoveryKind instance); registering a key again replaces it."""
    if not kind.key:
        raise ValueError("A discovery kind needs a key.")
    _registry[kind.key] = kind
    return kind


def unregister(key):
    """Remove the kind registered under ``key``, if any (for tests and projects)."""
    _registry.pop(key, None)


def kinds():
    """The registered kinds, by ``position`` and then in registration order."""
    return sorted(_registry.values(), key=lambda kind: kind.position)


def get_kind(key):
    """The kind registered under ``key``; KeyError if there is none."""
    return _registry[key]
