"""Settings the community app reads, each with a default so the app works in any project."""

from django.conf import settings

DEFAULTS = {
    # Largest accepted profile photo upload, in bytes.
    "COMMUNITY_PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    # Larger images are refused before decoding (a phone photo is 12–48 megapixels).
    "COMMUNITY_PHOTO_MAX_PIXELS": 50_000_000,
    # Profile photos are stored at most this many pixels wide and high.
    "COMMUNITY_PHOTO_MAX_SIZE": 400,
    # Replies listed per page on a member's public profile.
    "COMMUNITY_PROFILE_REPLIES_PER_PAGE": 20,
    # Ask search engines not to index member profiles: they name people who work with youth.
    "COMMUNITY_PROFILES_NOINDEX": True,
    # Apps whose rows pointing at a user are not the member's own data (admin bookkeeping,
    # page revisions of editors); the data export leaves them out. Prefix match on app label.
    "COMMUNITY_EXPORT_IGNORED_APPS": [
        "admin",
        "auth",
        "contenttypes",
        "sessions",
        "account",
        "socialaccount",
        "community",
        "taggit",
        "wagtail",
    ],
}


def get_setting(name):
    """Return the project's value for ``name`` or the app's default."""
    return getattr(settings, name, DEFAULTS[name])
