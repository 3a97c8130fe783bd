"""Full-text search across the discovery kinds, and highlighting of what matched.

The search page (``community/search_views.py``) asks every registered kind (see
``community/discovery.py``) to search its own public, filtered items with Wagtail search, then
merges the kinds into one ranked list. Nothing here names the questions or panels apps.

PostgreSQL's Dutch text configuration (its Snowball stemmer) conflates inflections: "jongeren"
finds "jongere", "polariserende" finds "polariseren". It keeps derivations apart, though:
"polarisatie" stays "polarisatie" while "polariserende" becomes "polariser". So a query word
ending in one form of a word family (-atie, -eren, -erende, -ering…) is searched in all forms
of that family (``word_forms``), which lets "polariserende" find "polarisatie" on PostgreSQL
and on SQLite alike.

Highlighting escapes first and marks second, so member text can never inject markup. It is
stem-aware in the crude way a reader expects: a word is marked when it starts with the stem of
a query word, so the query "polariserende" (stem "polaris") marks "polarisatie" as well.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.search.query import And, Or, PlainText

# At most this many words of a query are searched and highlighted.
MAX_QUERY_TERMS = 10
# Characters of text around the first match shown as a result's excerpt.
EXCERPT_CHARS = 240
# Terms shorter than this are only marked as whole words ("de" never marks "debat").
MIN_STEM_CHARS = 4
# Dutch (and a few English) endings stripped to find a word's stem, longest first.
SUFFIXES = sorted(
    {
        "eringen",
        "erende",
        "erend",
        "ering",
        "eren",
        "ingen",
        "ing",
        "aties",
        "atie",
        "ties",
        "tie",
        "isme",
        "isch",
        "ische",
        "heden",
        "heid",
        "lijke",
        "lijk",
        "ende",
        "end",
        "tjes",
        "tje",
        "en",
        "er",
        "es",
        "e",
        "s",
        "ed",
    },
    key=len,
    reverse=True,
)
WORD = re.compile(r"\w+")
# Endings of the forms of one Dutch word family ("polarisatie", "polariseren", "polariserende",
# "polarisering"…), which the Snowball stemmer does not bring together.
WORD_FAMILIES = (
    ("atie", "aties", "eren", "erend", "erende", "ering", "eringen", "eert", "eerde", "eerd"),
    ("isme", "ismen", "ist", "isten", "istisch", "istische"),
)
_FAMILY_ENDINGS = sorted(
    ((ending, family) for family in WORD_FAMILIES for ending in family),
    key=lambda pair: len(pair[0]),
    reverse=True,
)


@dataclass
class SearchEntry:
    """What a search result shows of one item, all in plain text (escaped when shown).

    A discovery kind builds it in ``DiscoveryKind.search_entry()``: the title links to ``url``;
    the excerpt is cut from ``text`` around the first match; ``details`` follow the date on the
    meta line (author, place, state…). Never put private data (a venue) in any of them.
    """

    kind_label: str
    title: str
    url: str
    text: str = ""
    date: object = None
    details: list = field(default_factory=list)


def normalise(word):
    """``word`` as it is compared: case-folded, without accents ("één" → "een")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def query_terms(query):
    """The distinct words of ``query``, in order, at most MAX_QUERY_TERMS of them.

    Only letters and digits pass, so quotes, operators and markup in a query reach neither the
    search backend's query syntax nor the page.
    """
    terms = []
    for word in WORD.findall(query or ""):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_QUERY_TERMS]


def stem(term):
    """The part of ``term`` a matching word must start with: the term without one common
    ending, but never shorter than MIN_STEM_CHARS ("polariserende" → "polaris")."""
    term = normalise(term)
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= MIN_STEM_CHARS:
            return term[: -len(suffix)]
    return term


def word_forms(term):
    """``term`` and, when it ends in a form of a word family, the other forms of that family:
    "polariserende" → ["polariserende", "polarisatie", "polarisaties", …]."""
    lowered = term.casefold()
    for ending, family in _FAMILY_ENDINGS:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= MIN_STEM_CHARS:
            base = lowered[: -len(ending)]
            return [lowered, *(base + other for other in family if other != ending)]
    return [lowered]


def build_query(terms):
    """The Wagtail search query for ``terms``: every term must match, in one of its forms."""
    parts = []
    for term in terms:
        forms = [PlainText(form) for form in word_forms(term)]
        parts.append(forms[0] if len(forms) == 1 else Or(forms))
    return parts[0] if len(parts) == 1 else And(parts)


def _matcher(terms):
    """A function telling whether a word of the text matches one of ``terms``."""
    exact = {normalise(term) for term in terms if len(term) < MIN_STEM_CHARS}
    stems = tuple({stem(term) for term in terms if len(term) >= MIN_STEM_CHARS})

    def matches(word):
        word = normalise(word)
        return word in exact or (bool(stems) and word.startswith(stems))

    return matches


def _matches(text, terms):
    """The (start, end) spans of the words in ``text`` that match ``terms``."""
    if not terms:
        return []
    matches = _matcher(terms)
    return [found.span() for found in WORD.finditer(text) if matches(found.group())]


def _marked(text, spans, offset=0):
    """``text`` escaped, with the ``spans`` (shifted by ``offset``) wrapped in <mark>."""
    parts = []
    position = 0
    for start, end in spans:
        start, end = start - offset, end - offset
        if start < position or end > len(text):
            continue
        parts.append(conditional_escape(text[position:start]))
        parts.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        position = end
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece was escaped above)


def highlight(text, terms):
    """``text`` (plain text) escaped, with the words matching ``terms`` in <mark>."""
    text = text or ""
    return _marked(text, _matches(text, terms))


def plain_text(value):
    """HTML (a rich-text field, a reply body) as one line of plain text."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def excerpt(text, terms, length=EXCERPT_CHARS):
    """About ``length`` characters of ``text`` around its first match, escaped and marked,
    with an ellipsis where it was cut; the start of the text when nothing matches."""
    text = " ".join((text or "").split())
    spans = _matches(text, terms)
    if len(text) <= length:
        return _marked(text, spans)
    start = 0
    if spans:
        # Some context before the first match, starting at a word boundary.
        start = max(spans[0][0] - length // 4, 0)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(start + length, len(text))
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = text[start:end]
    inside = [(s, e) for s, e in spans if s >= start and e <= end]
    marked = _marked(piece, inside, offset=start)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308 (escaped by _marked)


@dataclass
class SearchResult:
    """One item found: its kind and primary key, its place in its kind's ranking and, once
    its page is shown, the item, its SearchEntry and the highlighted title, details and
    excerpt."""

    kind: object
    pk: object
    rank: int = 0
    item: object = None
    entry: SearchEntry = None
    title_html: str = ""
    details_html: list = field(default_factory=list)
    excerpt_html: str = ""


# Per kind, the best this many matches take part in the merged ranking.
MAX_RESULTS_PER_KIND = 500


def merge_rankings(rankings):
    """One ranking from the per-kind rankings ``[(kind, [pk, …]), …]`` (each best first).

    Scores of different models and backends cannot be compared (PostgreSQL's ts_rank grows
    with relevance, SQLite's bm25 shrinks), so the kinds are interleaved by place, as
    reciprocal rank fusion does with one list per item: the best of every kind first, in the
    kinds' order, then the second of every kind, and so on.
    """
    merged = [
        SearchResult(kind=kind, pk=pk, rank=rank)
        for kind, pks in rankings
        for rank, pk in enumerate(pks, start=1)
    ]
    position = {id(kind): index for index, (kind, _pks) in enumerate(rankings)}
    merged.sort(key=lambda result: (result.rank, position[id(result.kind)]))
    return merged
