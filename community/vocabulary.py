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


# Provinces sharing a border (on land or by a bridge or dam), for "in or near my province".
NEIGHBOURING_PROVINCES = {
    Province.DRENTHE: (Province.GRONINGEN, Province.FRIESLAND, Province.OVERIJSSEL),
    Province.FLEVOLAND: (
        Province.FRIESLAND,
        Province.OVERIJSSEL,
        Province.GELDERLAND,
        Province.UTRECHT,
        Province.NOORD_HOLLAND,
    ),
    Province.FRIESLAND: (
        Province.GRONINGEN,
        Province.DRENTHE,
        Province.OVERIJSSEL,
        Province.FLEVOLAND,
        Province.NOORD_HOLLAND,
    ),
    Province.GELDERLAND: (
        Province.OVERIJSSEL,
        Province.FLEVOLAND,
        Province.UTRECHT,
        Province.ZUID_HOLLAND,
        Province.NOORD_BRABANT,
        Province.LIMBURG,
    ),
    Province.GRONINGEN: (Province.FRIESLAND, Province.DRENTHE),
    Province.LIMBURG: (Province.NOORD_BRABANT, Province.GELDERLAND),
    Province.NOORD_BRABANT: (
        Province.ZEELAND,
        Province.ZUID_HOLLAND,
        Province.GELDERLAND,
        Province.LIMBURG,
    ),
    Province.NOORD_HOLLAND: (
        Province.FRIESLAND,
        Province.FLEVOLAND,
        Province.UTRECHT,
        Province.ZUID_HOLLAND,
    ),
    Province.OVERIJSSEL: (
        Province.DRENTHE,
        Province.FRIESLAND,
        Province.FLEVOLAND,
        Province.GELDERLAND,
    ),
    Province.UTRECHT: (
        Province.NOORD_HOLLAND,
        Province.ZUID_HOLLAND,
        Province.GELDERLAND,
        Province.FLEVOLAND,
    ),
    Province.ZEELAND: (Province.ZUID_HOLLAND, Province.NOORD_BRABANT),
    Province.ZUID_HOLLAND: (
        Province.NOORD_HOLLAND,
        Province.UTRECHT,
        Province.GELDERLAND,
        Province.NOORD_BRABANT,
        Province.ZEELAND,
    ),
}


def provinces_near(province):
    """``province`` and the provinces bordering it, nearest (itself) first."""
    if province not in NEIGHBOURING_PROVINCES:
        return ()
    return (Province(province), *NEIGHBOURING_PROVINCES[province])
