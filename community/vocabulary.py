"""The community's shared vocabulary, used by every app: professions for now."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Profession(models.TextChoices):
    YOUTH_WORKER = "jongerenwerker", _("Youth worker")
    COMMUNITY_POLICE_OFFICER = "wijkagent", _("Community police officer")
    NEIGHBOURHOOD_WORKER = "buurtwerker", _("Neighbourhood worker")
    NETWORK_COORDINATOR = "netwerkregisseur", _("Network coordinator")
    OTHER = "other", _("Other")
