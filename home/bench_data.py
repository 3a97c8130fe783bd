"""A large, realistic data set for load tests: members, questions, replies, panel sessions.

Text is Dutch-like (sentences assembled from the youth-work vocabulary), members come from
every province, and replies cluster on a minority of questions the way real threads do.
Rows go in with ``bulk_create`` in batches; question pages go through treebeard's
``add_child`` one by one (multi-table pages cannot be bulk-created), which is most of the time.
The seed question gets exactly ``SEED_REPLIES`` published replies so that benchmarks measure a
thread of a known size.
"""

import datetime
import random
import secrets
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.search.backends import get_search_backend

from community.models import Profile, Topic
from community.vocabulary import Profession, Province
from panels.models import Panel, PanelSession, Registration, RegistrationState
from panels.models.registration import normalise_email
from questions.models import (
    HelpfulMark,
    QuestionIndexPage,
    QuestionPage,
    QuestionPageTopic,
    Reply,
    ReplyTopic,
)

from . import demo

SEED_REPLIES = 50
BATCH = 2000

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Daan",
    "Emma",
    "Fatima",
    "Fleur",
    "Hamza",
    "Iris",
    "Jesse",
    "Julia",
    "Kevin",
    "Lars",
    "Lotte",
    "Mohamed",
    "Nadia",
    "Noah",
    "Priya",
    "Ruben",
    "Sanne",
    "Sem",
    "Sophie",
    "Thijs",
    "Yara",
    "Youssef",
    "Zoë",
    "Mila",
    "Bas",
    "Ilse",
    "Joost",
    "Marloes",
    "Rachid",
    "Esra",
    "Koen",
    "Femke",
    "Tim",
    "Naima",
    "Wouter",
    "Linda",
    "Ahmet",
    "Eva",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "El Amrani",
    "Yilmaz",
    "Kaya",
    "Bouzid",
    "Pinas",
    "Wijnaldum",
    "Koster",
    "Prins",
    "Huisman",
    "Kok",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "Willems",
    "Schouten",
]
MUNICIPALITIES = {
    Province.NOORD_HOLLAND: ["Amsterdam", "Haarlem", "Zaanstad", "Alkmaar", "Hilversum"],
    Province.ZUID_HOLLAND: ["Rotterdam", "Den Haag", "Leiden", "Dordrecht", "Zoetermeer"],
    Province.UTRECHT: ["Utrecht", "Amersfoort", "Nieuwegein", "Zeist"],
    Province.NOORD_BRABANT: ["Eindhoven", "Tilburg", "Breda", "'s-Hertogenbosch", "Helmond"],
    Province.GELDERLAND: ["Arnhem", "Nijmegen", "Apeldoorn", "Ede"],
    Province.OVERIJSSEL: ["Enschede", "Zwolle", "Deventer", "Almelo"],
    Province.LIMBURG: ["Maastricht", "Venlo", "Heerlen", "Sittard-Geleen"],
    Province.GRONINGEN: ["Groningen", "Midden-Groningen"],
    Province.FRIESLAND: ["Leeuwarden", "Súdwest-Fryslân", "Heerenveen"],
    Province.DRENTHE: ["Assen", "Emmen", "Hoogeveen"],
    Province.FLEVOLAND: ["Almere", "Lelystad"],
    Province.ZEELAND: ["Middelburg", "Vlissingen", "Terneuzen"],
}
ORGANISATIONS = [
    "Jongerenwerk {city}",
    "Gemeente {city}",
    "Politie eenheid {city}",
    "Welzijn {city}",
    "Buurtteam {city}",
    "Stichting Jeugd & Wijk {city}",
    "GGD regio {city}",
]
ROLES = ["Jongerenwerker", "Wijkagent", "Buurtwerker", "Netwerkregisseur", "Coördinator", ""]
EXTRA_TOPICS = [
    ("Radicalisering", "Signalen van radicalisering herkennen en bespreken."),
    ("Online veiligheid", "Sociale media, online groepsdruk en desinformatie."),
    ("Schooluitval", "Jongeren die dreigen uit te vallen op school."),
    ("Mentale gezondheid", "Somberheid, stress en waar jongeren hulp vinden."),
    ("Armoede", "Opgroeien met weinig geld."),
    ("Discriminatie", "Uitsluiting en discriminatie in de wijk, op school en online."),
    ("Ouderbetrokkenheid", "Ouders betrekken bij wat er met hun kinderen speelt."),
    ("Middelengebruik", "Alcohol, lachgas en drugs onder jongeren."),
]

SUBJECTS = [
    "In onze wijk",
    "Op het jongerencentrum",
    "Bij ons op school",
    "Online",
    "Tijdens de avondopenstelling",
    "In het buurthuis",
    "Samen met de wijkagent",
    "Met een groep meiden",
    "Na het incident in het park",
    "In de gesprekken met ouders",
]
PREDICATES = [
    "merken we dat jongeren steeds vaker tegenover elkaar komen te staan",
    "hebben we goede ervaring met een vaste gespreksavond",
    "zien we dat desinformatie snel rondgaat in appgroepen",
    "werkt het om eerst naar de zorgen achter de uitspraken te vragen",
    "hielp een rollenspel om de spanning bespreekbaar te maken",
    "vonden jongeren het fijn dat iemand gewoon luisterde",
    "was het lastig om het vertrouwen terug te winnen",
    "hebben we de huisregels samen met de jongeren opgesteld",
    "bleek een sportactiviteit een goede ingang voor het gesprek",
    "zochten we de samenwerking met het buurtteam op",
]
CLOSINGS = [
    "Dat vraagt wel tijd en geduld.",
    "Ik ben benieuwd hoe anderen dit aanpakken.",
    "Het belangrijkste is dat je er blijft zijn.",
    "Achteraf hadden we eerder contact moeten zoeken met school.",
    "Wat werkt, is elkaar echt leren kennen.",
    "We gaan dit na de zomer opnieuw proberen.",
    "Tips zijn welkom!",
]
QUESTION_OPENINGS = [
    "Hoe ga jij om met",
    "Wie heeft ervaring met",
    "Wat werkt bij",
    "Hoe bespreek je",
    "Welke aanpak helpt bij",
    "Hoe herken je",
]
QUESTION_THEMES = [
    "spanningen tussen groepen jongeren in de wijk",
    "complotdenken in de groepsapp",
    "jongeren die zich niet gehoord voelen door de gemeente",
    "discussies over de vluchtelingenopvang",
    "polarisatie na een incident op school",
    "online haatreacties",
    "ouders die zich tegen de school keren",
    "jongeren die zich terugtrekken uit activiteiten",
    "samenwerking tussen jongerenwerk en politie",
    "een gesprek over identiteit en geloof",
]


def sentence(rng):
    """One Dutch-like sentence from the youth-work vocabulary."""
    return f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}."


def paragraph(rng, sentences=(2, 5)):
    """A short paragraph of sentences, ending now and then with a closing remark."""
    parts = [sentence(rng) for _ in range(rng.randint(*sentences))]
    if rng.random() < 0.5:
        parts.append(rng.choice(CLOSINGS))
    return " ".join(parts)


def question_title(rng, number):
    """A question title, numbered so that slugs stay unique."""
    return f"{rng.choice(QUESTION_OPENINGS)} {rng.choice(QUESTION_THEMES)}? ({number})"


@dataclass
class BenchDataResult:
    """What one run created, for the command's summary."""

    members: int = 0
    topics: int = 0
    questions: int = 0
    replies: int = 0
    helpful_marks: int = 0
    panels: int = 0
    sessions: int = 0
    registrations: int = 0
    seed_question_url: str = ""
    timings: dict = field(default_factory=dict)


def batched(iterable, size=BATCH):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ensure_topics():
    """The demo's topics plus a few more, so that questions and replies spread over ~15."""
    for name, description in EXTRA_TOPICS:
        Topic.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "description": description}
        )
    return list(Topic.objects.all())


def create_members(count, rng, run):
    """``count`` users with unusable passwords and filled-in profiles from every province."""
    User = get_user_model()
    password = make_password(None)
    users = [
        User(
            username=f"bench-{run}-{n}",
            email=f"bench-{run}-{n}@example.org",
            password=password,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
        )
        for n in range(count)
    ]
    for chunk in batched(users):
        User.objects.bulk_create(chunk)
    # PostgreSQL returns the primary keys from bulk_create; SQLite 3.35+ too.
    profiles = []
    professions = [p for p in Profession.values if p != Profession.OTHER]
    for user in users:
        province = rng.choice(list(MUNICIPALITIES))
        city = rng.choice(MUNICIPALITIES[province])
        profiles.append(
            Profile(
                user=user,
                display_name=f"{user.first_name} {user.last_name}",
                role=rng.choice(ROLES),
                organisation=rng.choice(ORGANISATIONS).format(city=city),
                profession=rng.choice(professions),
                municipality=city,
                province=province,
                bio=paragraph(rng, (1, 2)) if rng.random() < 0.4 else "",
                email_on_replies=rng.random() < 0.7,
            )
        )
    for chunk in batched(profiles):
        Profile.objects.bulk_create(chunk)
    return profiles


def create_questions(count, index, profiles, topics, rng, run):
    """``count`` live question pages under ``index``, each with one to three topics."""
    today = timezone.localdate()
    pages = []
    for n in range(count):
        published_on = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        page = QuestionPage(
            title=question_title(rng, n + 1),
            slug=f"bench-{run}-{n + 1}",
            published_on=published_on,
            author=rng.choice(profiles) if profiles else None,
            explanation=f"<p>{paragraph(rng)}</p>",
            first_published_at=timezone.make_aware(
                datetime.datetime.combine(published_on, datetime.time(10))
            ),
        )
        index.add_child(instance=page)
        pages.append(page)
    links = [
        QuestionPageTopic(content_object=page, tag=tag)
        for page in pages
        for tag in rng.sample(topics, rng.randint(1, min(3, len(topics))))
    ]
    for chunk in batched(links):
        QuestionPageTopic.objects.bulk_create(chunk)
    return pages


def make_reply(question, profiles, rng, status=None):
    """One reply (a fifth of them a structured experience) written after the question."""
    start = timezone.make_aware(datetime.datetime.combine(question.published_on, datetime.time(9)))
    span = max(int((timezone.now() - start).total_seconds()), 60)
    if status is None:
        roll = rng.random()
        status = (
            Reply.Status.PUBLISHED
            if roll < 0.92
            else Reply.Status.PENDING
            if roll < 0.97
            else Reply.Status.HIDDEN
        )
    reply = Reply(
        question=question,
        author=rng.choice(profiles) if profiles else None,
        body="".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(1, 3))),
        created_at=start + datetime.timedelta(seconds=rng.randint(0, span)),
        status=status,
        is_featured=rng.random() < 0.02,
    )
    if rng.random() < 0.2:
        reply.experience_setting = rng.choice(Reply.Setting.values)
        reply.what_happened = sentence(rng)
        reply.what_i_did = sentence(rng)
        reply.what_worked = sentence(rng)
        reply.what_did_not_work = sentence(rng) if rng.random() < 0.6 else ""
    return reply


def create_replies(count, questions, seed_question, profiles, topics, rng):
    """``count`` replies: the seed question gets ``SEED_REPLIES`` published ones, the rest
    cluster on a minority of questions (weights fall off like a long tail)."""
    replies = []
    if seed_question is not None:
        have = seed_question.replies.filter(status=Reply.Status.PUBLISHED).count()
        replies += [
            make_reply(seed_question, profiles, rng, Reply.Status.PUBLISHED)
            for _ in range(max(0, min(count, SEED_REPLIES - have)))
        ]
    if questions:
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(questions))]
        shuffled = questions[:]
        rng.shuffle(shuffled)
        targets = rng.choices(shuffled, weights=weights, k=max(0, count - len(replies)))
        replies += [make_reply(question, profiles, rng) for question in targets]
    for chunk in batched(replies):
        Reply.objects.bulk_create(chunk)
    links = [
        ReplyTopic(content_object=reply, tag=tag)
        for reply in replies
        if rng.random() < 0.35
        for tag in rng.sample(topics, rng.randint(1, min(2, len(topics))))
    ]
    for chunk in batched(links):
        ReplyTopic.objects.bulk_create(chunk)
    return replies


def index_replies(replies):
    """Add bulk-created replies to the search index (``bulk_create`` sends no signals)."""
    backend = get_search_backend()
    for chunk in batched(replies):
        backend.add_bulk(Reply, chunk)


def create_helpful_marks(replies, profiles, rng):
    """About one mark per two published replies, never two by one member on one reply."""
    published = [r for r in replies if r.status == Reply.Status.PUBLISHED]
    if not published or not profiles:
        return 0
    pairs = set()
    for _ in range(len(published) // 2):
        pairs.add((rng.choice(published).pk, rng.choice(profiles).pk))
    marks = [HelpfulMark(reply_id=reply, profile_id=profile) for reply, profile in pairs]
    for chunk in batched(marks):
        HelpfulMark.objects.bulk_create(chunk, ignore_conflicts=True)
    return len(marks)


def create_sessions(count, topics, rng, run):
    """``count`` future panel sessions, ten per panel, in cities across the country, each
    with a few applications (state "applied", so the sessions' counters stay true)."""
    today = timezone.localdate()
    cities = [city for cities in MUNICIPALITIES.values() for city in cities]
    panels, sessions = [], []
    for p in range(0, count, 10):
        theme = rng.choice(QUESTION_THEMES)
        panel = Panel.objects.create(
            title=f"Panelgesprekken: {theme} ({run}-{p // 10 + 1})",
            slug=f"bench-{run}-{p // 10 + 1}",
            description=paragraph(rng),
            organiser="Platform JEP",
        )
        panel.topics.set(rng.sample(topics, min(2, len(topics))))
        panels.append(panel)
        for _ in range(min(10, count - p)):
            date = today + datetime.timedelta(days=rng.randint(30, 240))
            start = rng.choice([10, 13, 19])
            sessions.append(
                PanelSession(
                    panel=panel,
                    date=date,
                    start_time=datetime.time(start),
                    end_time=datetime.time(start + 2),
                    city=rng.choice(cities),
                    venue_name="Buurthuis De Ontmoeting",
                    capacity_min=6,
                    capacity_max=rng.choice([8, 10, 12]),
                )
            )
    for chunk in batched(sessions):
        PanelSession.objects.bulk_create(chunk)
    registrations = []
    now = timezone.now()
    for session in sessions:
        for n in range(rng.randint(0, 6)):
            email = f"aanmelding-{run}-{session.pk}-{n}@example.org"
            registrations.append(
                Registration(
                    session=session,
                    state=RegistrationState.APPLIED,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email=email,
                    email_normalised=normalise_email(email),
                    organisation=rng.choice(ORGANISATIONS).format(city=session.city),
                    profession=rng.choice(Profession.values[:-1]),
                    municipality=session.city,
                    years_experience=rng.randint(0, 25),
                    motivation=paragraph(rng, (1, 2)),
                    consent_given_at=now,
                )
            )
    for chunk in batched(registrations):
        Registration.objects.bulk_create(chunk)
    return panels, sessions, registrations


def generate_bench_data(
    *, questions, replies, members, sessions, seed=None, search_index=True, progress=None
):
    """Create the data set and return a :class:`BenchDataResult`. Loads the demo first when
    there is no question index yet. Each part commits on its own, so a long run that is
    interrupted leaves whole parts, never half a part."""
    say = progress or (lambda message: None)
    rng = random.Random(seed)  # noqa: S311 - sample data, nothing secret
    # Slugs, usernames and e-mail addresses carry a run marker, so a second run adds to the
    # first instead of colliding with it.
    run = secrets.token_hex(3)
    result = BenchDataResult()
    clock = timezone.now

    index = QuestionIndexPage.objects.first()
    if index is None:
        say("No question index: loading the demo first.")
        demo.load_demo()
        index = QuestionIndexPage.objects.first()
    seed_question = QuestionPage.objects.filter(slug=demo.QUESTION_SLUG).first()
    result.seed_question_url = seed_question.url if seed_question else ""

    started = clock()
    with transaction.atomic():
        topics = ensure_topics()
        profiles = create_members(members, rng, run)
    result.topics, result.members = len(topics), len(profiles)
    result.timings["members"] = (clock() - started).total_seconds()
    say(f"{len(profiles)} members in {result.timings['members']:.1f}s")

    started = clock()
    with transaction.atomic():
        pages = create_questions(questions, index, profiles, topics, rng, run)
    result.questions = len(pages)
    result.timings["questions"] = (clock() - started).total_seconds()
    say(f"{len(pages)} questions in {result.timings['questions']:.1f}s")

    started = clock()
    with transaction.atomic():
        made = create_replies(replies, pages, seed_question, profiles, topics, rng)
        result.helpful_marks = create_helpful_marks(made, profiles, rng)
    result.replies = len(made)
    result.timings["replies"] = (clock() - started).total_seconds()
    say(f"{len(made)} replies in {result.timings['replies']:.1f}s")

    if search_index:
        started = clock()
        index_replies(made)
        result.timings["search index"] = (clock() - started).total_seconds()
        say(f"{len(made)} replies indexed for search in {result.timings['search index']:.1f}s")

    started = clock()
    with transaction.atomic():
        panels, made_sessions, registrations = create_sessions(sessions, topics, rng, run)
    result.panels, result.sessions = len(panels), len(made_sessions)
    result.registrations = len(registrations)
    result.timings["sessions"] = (clock() - started).total_seconds()
    say(f"{len(made_sessions)} sessions in {result.timings['sessions']:.1f}s")
    return result
