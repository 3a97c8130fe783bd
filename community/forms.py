"""Forms members use for their own account and profile, and the admin's profile form."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from allauth.account.forms import ReauthenticateForm

from .models import Profile, Topic
from .sanitise import clean_plain_text
from .signup import clean_display_name
from .vocabulary import Profession

SINGLE_LINE_FIELDS = ("display_name", "role", "organisation", "profession_other", "municipality")


class TopicPicker(forms.CheckboxSelectMultiple):
    """Topic checkboxes that static/community/topic-picker.js gives a filter box.

    The checkboxes work on their own; the script reads its labels from these attributes."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-topic-picker-label": _("Filter topics"),
                "data-topic-picker-one": _("%(count)s topic shown"),
                "data-topic-picker-many": _("%(count)s topics shown"),
                **(attrs or {}),
            }
        )


class TopicChoiceField(forms.ModelMultipleChoiceField):
    """Curated topics only: a value that is not an existing topic is an error, not a new tag,
    and a retired topic is not offered (see ``keep``)."""

    widget = TopicPicker

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Topic.objects.active())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.name

    def keep(self, current):
        """Also offer the ``current`` topics of the object being edited, retired or not, so
        saving it again keeps the links it has."""
        self.queryset = Topic.objects.choosable(current)


class ProfileForm(forms.ModelForm):
    """A member's own profile. The owner comes from the request, never from the form."""

    profession = forms.ChoiceField(
        label=_("Profession"),
        choices=[("", _("Not specified")), *Profession.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    expertise = TopicChoiceField(
        label=_("Expertise topics"),
        help_text=_("Topics you know about and like to be asked on."),
    )
    photo = forms.ImageField(
        label=_("Profile photo"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP. It is resized and stripped of metadata. Without a photo your "
            "initials are shown."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "role",
            "organisation",
            "profession",
            "profession_other",
            "municipality",
            "province",
            "bio",
            "photo",
            "email_on_replies",
            "weekly_digest",
        ]
        labels = {
            "display_name": _("Display name"),
            "role": _("Role or job title (optional)"),
            "organisation": _("Organisation (optional)"),
            "profession_other": _("Your profession, if other"),
            "municipality": _("Municipality or region (optional)"),
            "province": _("Province (optional)"),
            "bio": _("Short bio (optional)"),
        }
        help_texts = {
            "display_name": _("Shown with your questions and replies."),
            "role": _('e.g. "Jongerenwerker" or "Sr. adviseur"'),
            "bio": _("A few sentences about your work, at most 1000 characters."),
        }
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "municipality": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "province": forms.Select(attrs={"autocomplete": "address-level1"}),
            "bio": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province = self.fields["province"]
        province.choices = [("", _("Not specified")), *province.choices[1:]]
        if self.instance.pk:
            current = list(self.instance.expertise.all())
            self.initial["expertise"] = current
            self.fields["expertise"].keep(current)
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean(self):
        cleaned = super().clean()
        for name in SINGLE_LINE_FIELDS:
            if name in cleaned:
                cleaned[name] = clean_plain_text(cleaned[name])
        if "bio" in cleaned:
            cleaned["bio"] = clean_plain_text(cleaned["bio"], multiline=True)
        if "display_name" in cleaned:
            try:
                cleaned["display_name"] = clean_display_name(cleaned["display_name"])
            except forms.ValidationError as error:
                self.add_error("display_name", error)
        if cleaned.get("profession") == Profession.OTHER and not cleaned.get("profession_other"):
            self.add_error(
                "profession_other", _("You chose “other”: tell us what your profession is.")
            )
        elif cleaned.get("profession") != Profession.OTHER:
            cleaned["profession_other"] = ""
        if self._new_upload() and cleaned.get("remove_photo"):
            self.add_error(
                "remove_photo", _("Upload a new photo or remove the current one, not both.")
            )
        return cleaned

    def save(self, commit=True):
        """Save the profile, its topics and its photo; a replaced photo's file is deleted."""
        profile = super().save(commit=False)
        new_photo = self._new_upload()
        if new_photo:
            profile.save_photo(new_photo)
        elif self.cleaned_data.get("remove_photo"):
            profile.save_photo(None)
        else:
            profile.save()
        profile.expertise.set(list(self.cleaned_data.get("expertise") or []))
        return profile

    def _new_upload(self):
        # Without an upload the file field cleans to the stored photo, so only an
        # UploadedFile is new.
        photo = self.cleaned_data.get("photo")
        return photo if isinstance(photo, UploadedFile) else None


class ProfilePhotoForm(forms.ModelForm):
    """Upload a profile photo on its own.

    The model field's validators (community.photos.validate_photo) check type and size, and
    Profile.save() re-encodes the upload, so the admin and the forms apply the same rules.
    """

    class Meta:
        model = Profile
        fields = ["photo"]
        labels = {"photo": _("Profile photo")}
        widgets = {
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        }


class DeleteAccountForm(ReauthenticateForm):
    """Deleting one's account: the password again (rate limited like a login), and what
    happens to one's replies."""

    KEEP = "keep"
    DELETE = "delete"

    replies = forms.ChoiceField(
        label=_("What should happen to your replies?"),
        choices=[
            (KEEP, _("Keep them, shown as written by “Former member”")),
            (DELETE, _("Delete them")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your replies.")},
    )
    field_order = ["replies", "password"]

    def __init__(self, *args, has_replies=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Your password")
        self.fields["password"].help_text = _("To make sure it is you.")
        if not has_replies:
            # Nothing to choose: the question is left out rather than asked about nothing.
            del self.fields["replies"]

    @property
    def keep_replies(self):
        return self.cleaned_data.get("replies", self.KEEP) == self.KEEP


class ProfileAdminForm(WagtailAdminModelForm):
    """The admin's profile form: expertise from the existing topics only, like the public form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "expertise" in self.fields:
            self.fields["expertise"].free_tagging = False
            self.fields["expertise"].widget.free_tagging = False
