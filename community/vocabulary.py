"""The community's shared vocabulary, used by every app: professions and provinces."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Profession(models.TextChoices):
    YOUTH_WORKER = "jongerenwerker", _("Youth worker")
    COMMUNITY_POLICE_OFFICER = "wijkagent", _("Community police officer")
    NEIGHBOURHOOD_WORKER = "buurtwerker", _("Neighbourhood worker")
    NETWORK_COORDINATOR = "netwerkregisseur", _("Network coordinator")
    OTHER = "other", _("Other")


class Province(models.TextChoices):
    """The twelve Dutch provinces, for where a member works until a region vocabulary exists."""

    DRENTHE = "drenthe", "Drenthe"
    FLEVOLAND = "flevoland", "Flevoland"
    FRIESLAND = "friesland", "Fryslân"
    GELDERLAND = "gelderland", "Gelderland"
    GRONINGEN = "groningen", "Groningen"
    LIMBURG = "limburg", "Limburg"
    NOORD_BRABANT = "noord-brabant", "Noord-Brabant"
    NOORD_HOLLAND = "noord-holland", "Noord-Holland"
    OVERIJSSEL = "overijssel", "Overijssel"
    UTRECHT = "utrecht", "Utrecht"
    ZEELAND = "zeeland", "Zeeland"
    ZUID_HOLLAND = "zuid-holland", "Zuid-Holland"
