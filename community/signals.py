"""Signal receivers: every account that signs up gets a profile."""

from .accounts import get_profile


def create_profile_on_sign_up(sender, request, user, **kwargs):
    """allauth's user_signed_up: make sure the new member has a profile.

    The sign-up form (community.signup.SignupDetailsForm) creates it with the chosen display
    name; this covers projects that sign up with allauth's plain form or a social account.
    """
    get_profile(user)
