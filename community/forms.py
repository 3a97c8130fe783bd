"""Forms members use for their own profile."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Profile


class ProfilePhotoForm(forms.ModelForm):
    """Upload or remove a profile photo.

    The model field's validators (community.photos.validate_photo) check type and size, and
    Profile.save() re-encodes the upload, so the admin and this form apply the same rules.
    """

    class Meta:
        model = Profile
        fields = ["photo"]
        labels = {"photo": _("Profile photo")}
        widgets = {
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        }
