"""Forms: the public application form and the admin's panel form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from community.vocabulary import Profession

from .models import PanelSession, Registration

HONEYPOT_FIELD = "fax_number"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class ApplicationForm(forms.ModelForm):
    """An application for one session; no account needed, prefilled for members."""

    profession = forms.ChoiceField(
        label=_("Profession"), choices=Profession.choices, widget=forms.RadioSelect
    )
    years_experience = forms.IntegerField(
        label=_("Years of experience (optional)"), min_value=0, max_value=70, required=False
    )
    motivation = forms.CharField(
        label=_("Your motivation or experience with polarisation"),
        help_text=_("A few sentences are enough (at most 2000 characters)."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    needs = forms.CharField(
        label=_("Accessibility or dietary needs (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    second_choice = SessionChoiceField(
        label=_("Second choice (optional)"),
        help_text=_("If this session is full, we may offer you a place in this one."),
        queryset=PanelSession.objects.none(),
        required=False,
        empty_label=_("No second choice"),
    )
    consent = forms.BooleanField(
        label=_("Consent"),
        required=True,
        error_messages={
            "required": _("We can only take your application if you agree to this."),
        },
    )
    # Hidden from people (the wrapper has the `hidden` attribute); bots fill it in.
    fax_number = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = Registration
        fields = Registration.APPLICATION_FIELDS
        labels = {
            "name": _("Name"),
            "email": _("E-mail address"),
            "organisation": _("Organisation"),
            "profession_other": _("Your profession, if other"),
            "municipality": _("Municipality you work in"),
        }
        help_texts = {
            "email": _("We send a receipt with a personal link to this address."),
            "municipality": None,
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "profession_other": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "municipality": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address like name@example.org."),
            },
            "organisation": {"required": _("Enter the organisation you work for.")},
            "municipality": {"required": _("Enter the municipality you work in.")},
        }

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        today = timezone.localdate()
        self.fields["second_choice"].queryset = (
            session.panel.sessions.exclude(pk=session.pk)
            .filter(date__gte=today)
            .order_by("date", "start_time")
        )
        self.fields["profession"].error_messages["required"] = _("Choose your profession.")
        self.fields["motivation"].error_messages["required"] = _(
            "Tell us briefly why you would like to take part."
        )
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_profession_other(self):
        return " ".join(self.cleaned_data.get("profession_other", "").split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            # Shown at the top: the field itself is hidden from people.
            raise forms.ValidationError(
                _("Your application could not be processed."), code="honeypot"
            )
        if cleaned.get("profession") == Profession.OTHER and not cleaned.get("profession_other"):
            self.add_error(
                "profession_other", _("You chose “other”: tell us what your profession is.")
            )
        elif cleaned.get("profession") != Profession.OTHER:
            cleaned["profession_other"] = ""
        return cleaned

    def validate_unique(self):
        """The registration's constraints are about fields this form does not carry (the
        session, the state); the unique constraint on session and address decides on
        duplicates at the insert itself (``services.apply``). Django would still build a
        query per check constraint to find that out, on every application."""

    @property
    def error_fields(self):
        """Fields with errors, in order, for the error summary at the top of the form."""
        return [field for field in self if field.errors and field.name != HONEYPOT_FIELD]


class PanelAdminForm(WagtailAdminModelForm):
    """The panel's edit form: a session with applications cannot be deleted inline."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("sessions")
        if formset is None or not formset.is_bound:
            return cleaned
        formset.is_valid()  # populates deleted_forms; the result is checked by ClusterForm
        for form in formset.deleted_forms:
            session = form.instance
            if session.pk and session.registrations.exists():
                self.add_error(
                    None,
                    _(
                        "The session in %(city)s has applications and cannot be deleted, "
                        "so that no applicant is dropped without being told."
                    )
                    % {"city": session.city},
                )
        return cleaned
