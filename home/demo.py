"""Demo content: the site tree and the seed thread about polarisation, loaded idempotently.

Every row is looked up by a stable key (slug, username, e-mail, URL, panel + city), so loading
twice leaves the same rows; pages get a new revision only when their content differs.
"""

import datetime
import json
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import slugify

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from community.models import CommunitySettings, ContactPerson, Profile, Topic
from community.photos import initials_photo
from panels.conf import get_setting as panels_setting
from panels.models import Panel, PanelSession
from questions.models import (
    QuestionIndexPage,
    QuestionPage,
    QuestionRelatedResource,
    Reply,
    Resource,
)

from .models import HomePage, StandardPage

SITE_NAME = "Kennisdeling jeugdprofessionals"
# A reserved domain (RFC 2606): a demo must never send mail to a real mailbox by accident.
CONTACT_EMAIL = "kennisdeling@example.org"
FOOTER_TEXT = (
    "Een verkenning van Platform JEP en het Nederlands Jeugdinstituut naar de rol van "
    "jeugdprofessionals bij het voorkomen en tegengaan van polarisatie."
)

HOME_SLUG = "start"
HOME_INTRO = (
    "<p>Op dit platform delen jeugdprofessionals hun ervaringen en kennis: jongerenwerkers, "
    "wijkagenten, buurtwerkers, netwerkregisseurs en iedereen die met jongeren werkt. Lees de "
    "vragen, deel je eigen ervaring en meld je aan voor een panelgesprek in jouw regio.</p>"
)
INDEX_SLUG = "vragen"
INDEX_INTRO = (
    "<p>Vragen aan jeugdprofessionals over hun werk en hun ervaringen. Lees mee, reageer met "
    "je eigen ervaring of meld je aan voor een panelgesprek.</p>"
)
PRIVACY_SLUG = "privacyverklaring"
PRIVACY_BODY = """<h2>Waar deze verklaring over gaat</h2>
<p>Dit platform hoort bij een verkenning van Platform JEP en het Nederlands Jeugdinstituut naar de
rol van jeugdprofessionals bij het voorkomen en tegengaan van polarisatie. In deze verklaring lees
je welke persoonsgegevens we daarvoor gebruiken, waarom, en wat je rechten zijn.</p>
<h2>Welke gegevens we gebruiken</h2>
<ul>
<li>Van je profiel: je naam, functie, organisatie en, als je die toevoegt, een profielfoto.</li>
<li>Van je reacties op vragen: de tekst die je plaatst, met je naam en functie erbij.</li>
<li>Van je aanmelding voor een panelgesprek: je naam, e-mailadres, organisatie, beroep, de
gemeente waar je werkt, je jaren ervaring en je motivatie, en als je die opgeeft je wensen voor
toegankelijkheid of voeding. Die wensen gebruiken we alleen om de bijeenkomst te regelen.</li>
</ul>
<h2>Waarvoor we ze gebruiken</h2>
<p>Alleen om het platform te laten werken: om je reacties met je naam te tonen, om je aanmelding
voor een panelgesprek te behandelen en je de bevestiging en de exacte locatie te sturen, en om
contact met je op te nemen over de verkenning. We verkopen je gegevens niet en delen ze alleen
met de organisatoren van de verkenning.</p>
<h2>Op welke grond</h2>
<p>We gebruiken je gegevens met jouw toestemming. Die geef je als je een reactie plaatst of je
aanmeldt voor een panelgesprek. Je kunt je toestemming altijd weer intrekken.</p>
<h2>Hoe lang we ze bewaren</h2>
<p>Aanmeldingen voor een panelgesprek maken we uiterlijk {purge_after_days} dagen na het
gesprek anoniem. Profielen en reacties bewaren we zolang de verkenning loopt en uiterlijk zes
maanden daarna. De uitkomsten van de verkenning publiceren we zonder namen.</p>
<h2>Cookies</h2>
<p>Deze website gebruikt alleen functionele cookies: om je ingelogd te houden, je taalkeuze te
onthouden en formulieren te beveiligen. We gebruiken geen cookies voor statistieken of
advertenties.</p>
<h2>Jouw rechten</h2>
<p>Je mag je gegevens inzien en laten verbeteren of verwijderen, en je mag bezwaar maken tegen
het gebruik ervan. Je aanmelding voor een panelgesprek kun je zelf inzien, intrekken en laten
wissen via de persoonlijke link in de e-mail die je na je aanmelding krijgt. Voor al het andere
stuur je een e-mail naar <a href="mailto:{contact_email}">{contact_email}</a>; je krijgt
binnen vier weken antwoord. Ben je het niet eens met hoe we met je gegevens omgaan, dan kun je
een klacht indienen bij de
<a href="https://autoriteitpersoonsgegevens.nl">Autoriteit Persoonsgegevens</a>.</p>
""".replace("\n", " ").replace("> <", "><")


def privacy_body():
    """The privacy statement, naming the panels app's actual retention period."""
    return PRIVACY_BODY.format(
        contact_email=CONTACT_EMAIL,
        purge_after_days=panels_setting("PANELS_PURGE_AFTER_DAYS"),
    )


TOPICS = [
    (
        "polarisatie",
        "Tegenstellingen tussen groepen die scherper worden: in de wijk, op school of online.",
    ),
    ("depolarisatie", "Werken aan verbinding en het verminderen van spanningen tussen groepen."),
    ("jongerenwerk", "Het werk van jongerenwerkers met jongeren in de wijk en online."),
    ("coronabeleid", "De coronamaatregelen en de discussies die ze onder jongeren opriepen."),
    (
        "vluchtelingenopvang",
        "De opvang van vluchtelingen en de vragen en spanningen die dat in buurten geeft.",
    ),
]

CONTACTS = [
    ("Farid Bouchlaghmi", "Platform JEP", "fbouchlaghmi@minszw.nl"),
    ("Hannes van de Ven", "Nederlands Jeugdinstituut", "h.vandeven@nji.nl"),
    ("Mike Loef", "Nederlands Jeugdinstituut", "m.loef@nji.nl"),
]


@dataclass(frozen=True)
class Member:
    """A demo member: a user who cannot log in, with a public profile."""

    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str = ""

    @property
    def display_name(self):
        return f"{self.first_name} {self.last_name}"


FARID = Member("farid.bouchlaghmi", "Farid", "Bouchlaghmi", "Sr. adviseur", "Platform JEP")
# The seed shows only Hidde's role, so the organisation stays blank rather than guessed.
HIDDE = Member("hidde.boonstra", "Hidde", "Boonstra", "Adviseur data en monitoring")

RESOURCE_URL = "https://vng.nl/publicaties/van-polarisatie-naar-verbinding-in-buurten"
RESOURCE = {
    "title": "Van polarisatie naar verbinding in buurten",
    "publisher": "VNG",
    # The year of issue vng.nl gives for this guide by the Kennisplatform Integratie en Samenleving.
    "year": 2019,
    "summary": (
        "Handreiking van het Kennisplatform Integratie en Samenleving, vooral voor gemeenten en "
        "buurtprofessionals: een stappenplan met checklists om polarisatie in een buurt vroeg te "
        "signaleren en te duiden, interventies die verbinding tussen groepen versterken, en veel "
        "voorbeelden uit de praktijk."
    ),
}

PANEL_SLUG = "panelgesprekken-polarisatie-2022"
PANEL = {
    "title": "Panelgesprekken polarisatie 2022",
    "organiser": "Platform JEP en Nederlands Jeugdinstituut",
    "description": (
        "Panelgesprekken in vier regio's met jeugdprofessionals over hun ervaringen met het "
        "voorkomen en tegengaan van polarisatie, als onderdeel van de verkenning van Platform "
        "JEP en het Nederlands Jeugdinstituut."
    ),
}


@dataclass(frozen=True)
class Session:
    """One seed session: its date as published in 2022, its time slot and a private venue."""

    city: str
    province: str
    published_date: datetime.date
    start: datetime.time
    end: datetime.time
    venue_name: str
    venue_address: str


SESSIONS = [
    Session(
        "Venlo",
        "limburg",
        datetime.date(2022, 9, 28),
        datetime.time(10, 0),
        datetime.time(12, 0),
        "Wijkcentrum De Wieën",
        "Kaldenkerkerweg 12\n5913 AE Venlo",
    ),
    Session(
        "Alkmaar",
        "noord-holland",
        datetime.date(2022, 10, 5),
        datetime.time(9, 30),
        datetime.time(11, 30),
        "Buurthuis Overdie",
        "Kwakelkade 10\n1823 CA Alkmaar",
    ),
    Session(
        "Gorinchem",
        "zuid-holland",
        datetime.date(2022, 10, 10),
        datetime.time(13, 0),
        datetime.time(15, 0),
        "Jongerencentrum De Lingewal",
        "Lingewal 3\n4201 HA Gorinchem",
    ),
    Session(
        "Assen",
        "drenthe",
        datetime.date(2022, 10, 12),
        datetime.time(11, 0),
        datetime.time(13, 0),
        "Ontmoetingscentrum Het Anker",
        "Brink 5\n9401 HS Assen",
    ),
]
# Sessions must be at least this far ahead by default, so a visitor can still register.
LEAD_DAYS = 28

QUESTION_SLUG = "ervaringen-voorkomen-tegengaan-polarisatie"
QUESTION_TITLE = (
    "Wat zijn jouw ervaringen als jeugdprofessional in het voorkomen/tegengaan van polarisatie?"
)
QUESTION_PUBLISHED_ON = datetime.date(2022, 8, 31)
QUESTION_EXPLANATION = (
    "<p>We krijgen signalen dat professionals soms worstelen met hun rol en positie bij "
    "polarisatie, denk bijvoorbeeld aan het coronabeleid en discussies rond de "
    "vluchtelingenopvang. Die spanningen kan je zien in het buurthuis, in de wijk of online. Om "
    "een beeld te krijgen van welke behoeften jeugdprofessionals hebben als het gaat om kennis en "
    "kunde op het gebied van preventie polarisatie en depolarisatie voeren Platform JEP en het "
    "Nederlands Jeugdinstituut een verkenning uit. Met deze verkenning willen we in kaart brengen "
    "welke behoeften er zijn en hoe jeugdprofessionals hierbij ondersteund kunnen worden.</p>"
)
MOTIVATION_HEADING = "Ervaringen uitwisselen met andere professionals"
MOTIVATION_TEXT = (
    "<p>Werk jij als professional met jongeren? Bijvoorbeeld als jongerenwerker, wijkagent, "
    "buurtwerker of netwerkregisseur? En wil je jouw ervaringen met het voorkomen of tegengaan van "
    "polarisatie met ons delen? Dan gaan wij hierover graag met jou in gesprek in een van de "
    "panelgesprekken die we in verschillende regio’s organiseren.</p>"
    "<p>Aanmelden voor de panelgesprekken in jouw regio kan via {link}. De exacte locatie "
    "ontvangen de deelnemers ruim voor de aangegeven datum.</p>"
)
CAPACITY_TEXT = (
    "<p>Bij elke focusgroep is ruimte voor 6 tot 8 deelnemers. We hopen op een zo divers "
    "mogelijke groep. Uiterlijk twee weken voor de focusgroep plaatsvindt krijg je van ons de "
    "bevestiging van jouw deelname voor de focusgroep.</p>"
)
CONTACTS_INTRO = "Voor vragen kun je contact opnemen met:"
QUESTION_TOPICS = [
    "polarisatie",
    "depolarisatie",
    "jongerenwerk",
    "coronabeleid",
    "vluchtelingenopvang",
]
RESOURCE_TOPICS = ["polarisatie", "depolarisatie"]
PANEL_TOPICS = ["polarisatie"]
REPLY_TOPICS = ["polarisatie", "depolarisatie"]

REPLY_BODY = (
    "<p>Maak in dit kader ook gebruik van de handreiking van het Kennisplatform Integratie en "
    f'Samenleving: <a href="{RESOURCE_URL}">{RESOURCE_URL}</a></p>'
)

# Fixed block ids keep the motivation's stored JSON identical between runs, so an unchanged
# page is recognised as unchanged and gets no new revision.
BLOCK_NAMESPACE = uuid.UUID("6f1c1f8e-2f43-4c55-9a55-0d3f6c1e2b7a")


def block_id(name):
    """A stable StreamField block id derived from a name."""
    return str(uuid.uuid5(BLOCK_NAMESPACE, name))


@dataclass
class DemoResult:
    """What `load_demo` built, for the command's summary and for tests."""

    site: Site | None = None
    home: HomePage | None = None
    question_index: QuestionIndexPage | None = None
    privacy_page: StandardPage | None = None
    question: QuestionPage | None = None
    panel: Panel | None = None
    published_pages: list = field(default_factory=list)


def session_dates(as_published=False, today=None):
    """The four session dates: the seed's 2022 dates, or the same weekdays and gaps starting at
    the first Wednesday at least four weeks after ``today``."""
    published = [session.published_date for session in SESSIONS]
    if as_published:
        return published
    today = today or timezone.localdate()
    earliest = today + datetime.timedelta(days=LEAD_DAYS)
    first_weekday = published[0].weekday()
    first = earliest + datetime.timedelta(days=(first_weekday - earliest.weekday()) % 7)
    return [first + (date - published[0]) for date in published]


def _normalised(value):
    """JSON round trip, so stored and freshly built StreamField data compare equal."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _assign(obj, values):
    """Set attributes that differ from ``values``; return whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _publish(page, result):
    page.save_revision().publish()
    result.published_pages.append(page)


def _upsert_page(parent, model, slug, values, result, extra=None):
    """Create ``model`` below ``parent`` or update it; publish only when something changed.

    ``extra(page)`` applies relations (stream data, tags, related rows) and returns whether it
    changed anything.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **values)
        if extra:
            extra(page)
        parent.add_child(instance=page)
        _publish(page, result)
        return page
    changed = _assign(page, values)
    if extra:
        changed = extra(page) or changed
    if changed or not page.live or page.has_unpublished_changes:
        _publish(page, result)
    return page


def _root_page():
    root = Page.get_first_root_node()
    if root is None:
        # A flushed database (e.g. after a transactional test) has no tree at all.
        language = get_supported_content_language_variant("nl")
        locale, _ = Locale.objects.get_or_create(language_code=language)
        root = Page.add_root(title="Root", slug="root", locale=locale)
    return root


def build_site(result):
    """The home page as the default site's root, replacing Wagtail's "Welcome" page."""
    root = _root_page()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=SITE_NAME, slug=HOME_SLUG, intro=HOME_INTRO)
        root.add_child(instance=home)
        _publish(home, result)
    elif _assign(home, {"title": SITE_NAME, "intro": HOME_INTRO}) or not home.live:
        _publish(home, result)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.pk is None or _assign(site, {"root_page_id": home.pk, "site_name": SITE_NAME}):
        site.root_page = home
        site.save()

    # Wagtail's own starter page: a plain Page at the top, with nothing below it. The site no
    # longer points at it, so it can go (deleting it first would cascade to the Site).
    Page.objects.filter(
        depth=2,
        numchild=0,
        content_type=ContentType.objects.get_for_model(Page),
        slug="home",
    ).exclude(sites_rooted_here__isnull=False).delete()

    result.site = site
    result.home = home
    return home


def build_topics():
    """The curated topics, keyed on their slug."""
    topics = {}
    for name, description in TOPICS:
        topic, _ = Topic.objects.update_or_create(
            slug=name, defaults={"name": name, "description": description}
        )
        topics[name] = topic
    return topics


def build_member(member):
    """A user who cannot log in, with a profile and a generated initials photo."""
    user, created = get_user_model().objects.get_or_create(
        username=member.username,
        defaults={"first_name": member.first_name, "last_name": member.last_name},
    )
    if created or user.has_usable_password():
        user.set_unusable_password()
        user.save()
    profile, _ = Profile.objects.update_or_create(
        user=user,
        defaults={
            "display_name": member.display_name,
            "role": member.role,
            "organisation": member.organisation,
        },
    )
    if not profile.photo or not profile.photo.storage.exists(profile.photo.name):
        # Only a missing photo is generated, so a photo uploaded in the admin survives reloads.
        profile.photo.save(
            f"{slugify(member.display_name)}.png", initials_photo(member.display_name), save=True
        )
    return profile


def build_contacts():
    """The three contact persons from the seed, keyed on e-mail address."""
    return [
        ContactPerson.objects.update_or_create(
            email=email, defaults={"name": name, "organisation": organisation}
        )[0]
        for name, organisation, email in CONTACTS
    ]


def build_resource(topics):
    """The VNG guide the reply points to, keyed on its URL."""
    resource, _ = Resource.objects.update_or_create(url=RESOURCE_URL, defaults=RESOURCE)
    resource.topics.set([topics[slug] for slug in RESOURCE_TOPICS])
    return resource


def build_panel(topics, contacts, as_published=False, today=None):
    """The panel series with its four sessions, updated in place (keyed on panel and city)."""
    panel = Panel.objects.filter(slug=PANEL_SLUG).first()
    if panel is None:
        panel = Panel(slug=PANEL_SLUG, **PANEL)
        panel.save()
    changed = _assign(panel, PANEL)
    if {t.slug for t in panel.topics.all()} != set(PANEL_TOPICS):
        panel.topics.set([topics[slug] for slug in PANEL_TOPICS])
        changed = True
    if {c.pk for c in panel.contact_persons.all()} != {c.pk for c in contacts}:
        panel.contact_persons.set(contacts)
        changed = True
    if changed:
        panel.save()

    for session, date in zip(SESSIONS, session_dates(as_published, today), strict=True):
        PanelSession.objects.update_or_create(
            panel=panel,
            city=session.city,
            defaults={
                "date": date,
                "province": session.province,
                "start_time": session.start,
                "end_time": session.end,
                "venue_name": session.venue_name,
                "venue_address": session.venue_address,
                "capacity_min": 6,
                "capacity_max": 8,
                # Emptied so that PanelSession.save() derives them again from the moved date.
                "confirmation_deadline": None,
                "application_deadline": None,
            },
        )
    return panel


def motivation_text(panel):
    """The seed's motivation, with "deze link" pointing at the panel's application page."""
    try:
        link = f'<a href="{panel.get_absolute_url()}">deze link</a>'
    except NoReverseMatch:
        # A project that has not included panels.urls has no application page to link to.
        link = "deze link"
    return MOTIVATION_TEXT.format(link=link)


def motivation_data(panel, contacts):
    """The question's motivation as StreamField data, in the seed's order."""
    return [
        {"type": "heading", "value": {"text": MOTIVATION_HEADING}, "id": block_id("heading")},
        {"type": "paragraph", "value": motivation_text(panel), "id": block_id("motivation")},
        {
            "type": "panel_sessions",
            "value": {"panel": panel.pk, "intro": ""},
            "id": block_id("sessions"),
        },
        {"type": "paragraph", "value": CAPACITY_TEXT, "id": block_id("capacity")},
        {
            "type": "contact_persons",
            "value": {
                "intro": CONTACTS_INTRO,
                "people": [
                    {
                        "type": "item",
                        "value": contact.pk,
                        "id": block_id(f"contact-{contact.email}"),
                    }
                    for contact in contacts
                ],
            },
            "id": block_id("contacts"),
        },
    ]


def build_question(index, author, panel, contacts, resource, topics, result):
    """The seed question page, verbatim."""
    motivation = motivation_data(panel, contacts)

    def relations(page):
        changed = False
        if _normalised(list(page.motivation.raw_data)) != _normalised(motivation):
            page.motivation = motivation
            changed = True
        if {t.slug for t in page.topics.all()} != set(QUESTION_TOPICS):
            page.topics.set([topics[slug] for slug in QUESTION_TOPICS])
            changed = True
        if [link.resource_id for link in page.related_resources.all()] != [resource.pk]:
            page.related_resources = [QuestionRelatedResource(resource=resource)]
            changed = True
        return changed

    page = QuestionPage.objects.child_of(index).filter(slug=QUESTION_SLUG).first()
    values = {
        "title": QUESTION_TITLE,
        "published_on": QUESTION_PUBLISHED_ON,
        "author": author,
        "explanation": QUESTION_EXPLANATION,
    }
    if page is None:
        # The publication date of the seed, so "first published" agrees with published_on.
        values["first_published_at"] = timezone.make_aware(
            datetime.datetime.combine(QUESTION_PUBLISHED_ON, datetime.time(9, 0))
        )
    return _upsert_page(index, QuestionPage, QUESTION_SLUG, values, result, extra=relations)


def build_reply(question, author, resource, topics):
    """Hidde Boonstra's featured reply pointing to the VNG guide, keyed on question and author."""
    reply, _ = Reply.objects.update_or_create(
        question=question,
        author=author,
        defaults={
            "body": REPLY_BODY,
            "status": Reply.Status.PUBLISHED,
            "is_featured": True,
            "resource": resource,
            "created_at": timezone.make_aware(
                datetime.datetime.combine(QUESTION_PUBLISHED_ON, datetime.time(15, 30))
            ),
        },
    )
    if {t.slug for t in reply.topics.all()} != set(REPLY_TOPICS):
        reply.topics.set([topics[slug] for slug in REPLY_TOPICS])
    return reply


def build_settings(site, privacy_page):
    """The community settings of the default site: privacy page, contact address, footer."""
    community_settings = CommunitySettings.for_site(site)
    if _assign(
        community_settings,
        {
            "privacy_page_id": privacy_page.pk,
            "contact_email": CONTACT_EMAIL,
            "footer_text": FOOTER_TEXT,
        },
    ):
        community_settings.save()
    return community_settings


@transaction.atomic
def load_demo(as_published=False, today=None):
    """Build or refresh all demo content; return what was built."""
    result = DemoResult()
    home = build_site(result)
    result.question_index = _upsert_page(
        home,
        QuestionIndexPage,
        INDEX_SLUG,
        {"title": "Vragen", "intro": INDEX_INTRO, "show_in_menus": True},
        result,
    )
    result.privacy_page = _upsert_page(
        home,
        StandardPage,
        PRIVACY_SLUG,
        {"title": "Privacyverklaring", "body": privacy_body(), "show_in_menus": False},
        result,
    )
    build_settings(result.site, result.privacy_page)

    topics = build_topics()
    farid = build_member(FARID)
    hidde = build_member(HIDDE)
    contacts = build_contacts()
    resource = build_resource(topics)
    result.panel = build_panel(topics, contacts, as_published=as_published, today=today)
    result.question = build_question(
        result.question_index, farid, result.panel, contacts, resource, topics, result
    )
    build_reply(result.question, hidde, resource, topics)
    return result
