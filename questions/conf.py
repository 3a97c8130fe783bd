"""Settings the questions app reads, each with a default so the app works in any project."""

from django.conf import settings

DEFAULTS = {
    # A member may post at most this many replies and questions per window; 0 switches the
    # limit off.
    "QUESTIONS_POST_RATE_LIMIT": 5,
    # The rate-limit window, in seconds.
    "QUESTIONS_POST_RATE_WINDOW": 600,
    # A member's first replies (this many) wait for an editor's approval; 0 publishes at once.
    "QUESTIONS_MODERATE_FIRST_POSTS": 1,
    # The django-tasks backend alias the app's e-mails are queued on. When the project does
    # not define it in TASKS, the "default" backend is used.
    "QUESTIONS_TASK_BACKEND": "community",
    # Groups whose members approve questions asked by members, when no moderation workflow
    # applies to the question index yet (Wagtail's own groups by default).
    "QUESTIONS_MODERATOR_GROUPS": ["Moderators", "Editors"],
    # Absolute links in e-mails start with this; falls back to WAGTAILADMIN_BASE_URL.
    "QUESTIONS_BASE_URL": None,
    # The template the member pages (reply form, my questions …) extend.
    "QUESTIONS_BASE_TEMPLATE": "base.html",
}


def get_setting(name):
    """Return the project's value for ``name`` or the app's default."""
    return getattr(settings, name, DEFAULTS[name])


def base_url():
    """The scheme and host that absolute links in e-mails start with, without a trailing slash."""
    url = get_setting("QUESTIONS_BASE_URL") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return (url or "").rstrip("/")
