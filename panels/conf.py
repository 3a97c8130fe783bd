"""Settings the panels app reads, each with a default so the app works in any project."""

from django.conf import settings

DEFAULTS = {
    # The template the public panel pages extend; every Wagtail site has a "base.html".
    "PANELS_BASE_TEMPLATE": "base.html",
    # At most this many application attempts (POSTs) per client address in any window
    # (a sliding window, see community.ratelimit); 0 switches the limit off.
    "PANELS_APPLY_RATE_LIMIT": 10,
    # The rate-limit window, in seconds.
    "PANELS_APPLY_RATE_WINDOW": 600,
    # The request.META key holding the client address. Behind a reverse proxy set it to
    # "HTTP_X_FORWARDED_FOR"; the rightmost address (the one your proxy added) is used.
    "PANELS_CLIENT_IP_HEADER": "REMOTE_ADDR",
    # Registrations are anonymised this many days after their session (panels_purge).
    "PANELS_PURGE_AFTER_DAYS": 90,
    # The admin warns this many days before a confirmation deadline.
    "PANELS_DEADLINE_WARNING_DAYS": 7,
    # Contact persons are reminded this many days before a confirmation deadline.
    "PANELS_CONTACT_REMINDER_DAYS": 3,
    # Confirmed participants are reminded this many days before their session.
    "PANELS_PARTICIPANT_REMINDER_DAYS": 2,
    # A confirmed group is "dominated" when one profession, region or organisation holds
    # more than this share of it (and the group has at least three people).
    "PANELS_DOMINANCE_SHARE": 0.5,
    # Absolute links in e-mails start with this; falls back to WAGTAILADMIN_BASE_URL.
    "PANELS_BASE_URL": None,
    # The django-tasks backend alias the applicants' e-mails are queued on. When the project
    # does not define it in TASKS, the "default" backend is used.
    "PANELS_TASK_BACKEND": "community",
    # The time zone of sessions in calendar attachments.
    "PANELS_TIME_ZONE": "Europe/Amsterdam",
}


def get_setting(name):
    """Return the project's value for ``name`` or the app's default."""
    return getattr(settings, name, DEFAULTS[name])


def base_url():
    """The scheme and host that absolute links in e-mails start with, without a trailing slash."""
    url = get_setting("PANELS_BASE_URL") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return (url or "").rstrip("/")
