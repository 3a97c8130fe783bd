import datetime

from django.utils import timezone

import factory

from community.vocabulary import Profession
from panels.models import Panel, PanelSession, Registration


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    title = factory.Sequence(lambda n: f"Panelgesprekken {n}")
    slug = factory.Sequence(lambda n: f"panelgesprekken-{n}")
    organiser = "Platform JEP"


class PanelSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelSession

    panel = factory.SubFactory(PanelFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=42))
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)
    city = factory.Faker("city", locale="nl_NL")
    venue_name = "Buurthuis De Brug"
    venue_address = "Kerkstraat 1, 1234 AB Ergens"
    capacity_min = 6
    capacity_max = 8


class RegistrationFactory(factory.django.DjangoModelFactory):
    """An application in state "applied"; use panels.services to move it on."""

    class Meta:
        model = Registration

    session = factory.SubFactory(PanelSessionFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.org")
    organisation = factory.Faker("company", locale="nl_NL")
    profession = Profession.YOUTH_WORKER
    municipality = factory.Faker("city", locale="nl_NL")
    motivation = "Ik zie in de wijk steeds vaker spanningen tussen groepen jongeren."
    consent_given_at = factory.LazyFunction(timezone.now)
    # Mails render in this language; tests assert on the English source strings.
    language = "en"
