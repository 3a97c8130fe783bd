import datetime

import factory
from django.utils import timezone

from panels.models import Panel, PanelSession


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
