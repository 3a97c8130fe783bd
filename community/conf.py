"""Settings the community app reads, each with a default so the app works in any project."""

from django.conf import settings

DEFAULTS = {
    # Largest accepted profile photo upload, in bytes.
    "COMMUNITY_PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    # Larger images are refused before decoding (a phone photo is 12–48 megapixels).
    "COMMUNITY_PHOTO_MAX_PIXELS": 50_000_000,
    # Profile photos are stored at most this many pixels wide and high.
    "COMMUNITY_PHOTO_MAX_SIZE": 400,
}


def get_setting(name):
    """Return the project's value for ``name`` or the app's default."""
    return getattr(settings, name, DEFAULTS[name])
