"""Members' accounts: the one way every app gets a user's profile."""

from django.db import IntegrityError, transaction

from .models import Profile


def default_display_name(user):
    """A first display name for an account without a profile: the user's name, or the part
    of the e-mail address before the @ written as words ("jan.de-vries" → "Jan De Vries")."""
    name = user.get_full_name().strip()
    if name:
        return name[:120]
    local_part = (user.email or "").split("@")[0]
    words = local_part.replace(".", " ").replace("_", " ").replace("-", " ").split()
    if words:
        return " ".join(word.capitalize() for word in words)[:120]
    return user.get_username()[:120]


def get_profile(user):
    """Return ``user``'s Profile, creating it when missing; None for an anonymous visitor.

    Editors and accounts made before sign-up existed have no profile yet; creating one on
    first use means no view has to handle its absence.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    try:
        # A savepoint, so a concurrent request creating the same profile does not break the
        # caller's transaction.
        with transaction.atomic():
            profile = Profile.objects.create(user=user, display_name=default_display_name(user))
    except IntegrityError:
        profile = Profile.objects.get(user=user)
    user.profile = profile
    return profile


def user_display(user):
    """How allauth names a member in its mails and pages: the display name, not the
    username generated from the e-mail address (allauth's ACCOUNT_USER_DISPLAY)."""
    try:
        return user.profile.display_name
    except Profile.DoesNotExist:
        return default_display_name(user)
