"""The panels app's models, re-exported so that `from panels.models import …` keeps working."""

from .panel import CONFIRMATION_LEAD_DAYS, Panel, PanelSession, PanelTopic, SessionState
from .registration import (
    CLOSED_STATES,
    TRANSITIONS,
    Registration,
    RegistrationState,
    RegistrationStateChange,
    SentReminder,
    new_token,
    normalise_email,
    normalise_label,
)

__all__ = [
    "CLOSED_STATES",
    "CONFIRMATION_LEAD_DAYS",
    "TRANSITIONS",
    "Panel",
    "PanelSession",
    "PanelTopic",
    "Registration",
    "RegistrationState",
    "RegistrationStateChange",
    "SentReminder",
    "SessionState",
    "new_token",
    "normalise_email",
    "normalise_label",
]
