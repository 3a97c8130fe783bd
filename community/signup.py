"""Sign-up's extra fields, for allauth's ACCOUNT_SIGNUP_FORM_CLASS.

A module of its own because allauth builds its sign-up form on this class while importing
allauth.account.forms: importing that module from here would be circular.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Profile
from .sanitise import clean_plain_text


def clean_display_name(value):
    """A display name as plain text on one line; empty is an error."""
    value = clean_plain_text(value)
    if not value:
        raise forms.ValidationError(_("Enter the name other members will see."), code="required")
    return value


class SignupDetailsForm(forms.Form):
    """What sign-up asks on top of e-mail and password (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=120,
        help_text=_("Shown with your questions and replies, e.g. your first and last name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # allauth's sign-up form inherits from this class and orders its fields by this list.
    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data.get("display_name"))

    def signup(self, request, user):
        """Called by allauth once the user exists: create the member's profile."""
        Profile.objects.update_or_create(
            user=user, defaults={"display_name": self.cleaned_data["display_name"]}
        )
