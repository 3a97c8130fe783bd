"""Forms members fill in: a reply (or structured experience), a question, a flag."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from community.forms import TopicChoiceField
from community.personal_data import find_personal_data
from community.sanitise import clean_plain_text
from community.vocabulary import Province

from .member_text import has_text, member_html
from .models import Reply, ReplyFlag, Resource

RICH_TEXT_HELP = _(
    "Leave an empty line between paragraphs. The buttons above the box add bold, italics, "
    "lists, quotes and links; you can also type the tags <strong>, <em>, <ul> or <ol> with "
    '<li>, <blockquote> and <a href="…">.'
)
PERSONAL_DATA_CODE = "personal_data"
EXPERIENCE_MAX_LENGTH = 2000


def plain_text(value):
    """Multi-line plain text as typed, minus control characters and runs of empty lines.
    Markup stays as typed: templates escape it."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if _keep(ch))
    value = "\n".join(line.rstrip() for line in value.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", value).strip()


def _keep(ch):
    # Control characters go, and so do format characters such as bidirectional overrides
    # (which make text display differently from what it is), except the zero-width joiner
    # that holds emoji together.
    if ch in "\n\t\u200d":
        return True
    return unicodedata.category(ch) not in ("Cc", "Cf")


class RichTextarea(forms.Textarea):
    """The textarea the toolbar in static/questions/editor.js enhances."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 8, "data-rich-text": "", **(attrs or {})})


class PersonalDataGuard:
    """Warn, without blocking, when the text seems to hold personal data.

    The first time such text is sent the form is invalid with one "personal_data" error and
    ``personal_data_findings`` lists what was found; the template shows a warning and the
    ``confirm_personal_data`` box. Ticking it and sending again posts the text as it is.
    """

    #: The cleaned fields to look through.
    personal_data_fields = ()

    def add_personal_data_field(self):
        self.personal_data_findings = []
        self.fields["confirm_personal_data"] = forms.BooleanField(
            label=_("I checked it: post anyway"),
            required=False,
        )

    def check_personal_data(self):
        if self.cleaned_data.get("confirm_personal_data"):
            return
        texts = [self.cleaned_data.get(name) or "" for name in self.personal_data_fields]
        self.personal_data_findings = find_personal_data(*[str(text) for text in texts])
        if self.personal_data_findings:
            self.add_error(
                None,
                ValidationError(
                    _("Your text seems to contain personal data."), code=PERSONAL_DATA_CODE
                ),
            )

    @property
    def only_warns(self):
        """True when the personal-data warning is the only thing that stopped the form."""
        if not self.personal_data_findings:
            return False
        errors = self.errors.as_data()
        return list(errors) == ["__all__"] and all(
            error.code == PERSONAL_DATA_CODE for error in errors["__all__"]
        )

    @property
    def blocking_errors(self):
        """The non-field errors other than the personal-data warning."""
        return [
            message
            for error in self.non_field_errors().as_data()
            if error.code != PERSONAL_DATA_CODE
            for message in error.messages
        ]

    @property
    def show_personal_data_confirmation(self):
        return bool(self.personal_data_findings) or bool(self["confirm_personal_data"].value())


class ExperienceField(forms.CharField):
    """One optional question of a structured experience, as plain text."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            max_length=EXPERIENCE_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            **kwargs,
        )

    def clean(self, value):
        return plain_text(super().clean(value))


def province_field():
    """The optional province a member's question or reply is about."""
    return forms.ChoiceField(
        label=_("Province (optional)"),
        choices=[("", _("Not specified")), *Province.choices],
        required=False,
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )


def municipality_field():
    """The optional municipality or region, as plain single-line text."""
    return forms.CharField(
        label=_("Municipality or region (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )


class RegionFields:
    """Province and municipality, prefilled from the author's profile on a new post."""

    def prefill_region(self, author):
        if author is None or self.is_bound:
            return
        if getattr(self, "instance", None) is not None and self.instance.pk:
            return
        for name in ("province", "municipality"):
            value = getattr(author, name, "")
            if value and name not in self.initial:
                self.initial[name] = value

    def clean_municipality(self):
        return clean_plain_text(self.cleaned_data.get("municipality") or "")


class ReplyForm(RegionFields, PersonalDataGuard, forms.ModelForm):
    """A member's reply: rich text, optionally a structured experience, a resource, topics."""

    body = forms.CharField(
        label=_("Your reply"),
        help_text=RICH_TEXT_HELP,
        required=False,
        max_length=20000,
        widget=RichTextarea(),
    )
    experience_setting = forms.ChoiceField(
        label=_("Setting"),
        choices=[("", _("Choose a setting")), *Reply.Setting.choices],
        required=False,
    )
    what_happened = ExperienceField(label=_("What happened?"))
    what_i_did = ExperienceField(label=_("What did you do?"))
    what_worked = ExperienceField(label=_("What worked?"))
    what_did_not_work = ExperienceField(label=_("What did not work?"))
    resource = forms.ModelChoiceField(
        label=_("Link a resource"),
        help_text=_("A guide or publication from the community's list that helped you."),
        queryset=Resource.objects.order_by("title"),
        required=False,
        empty_label=_("No resource"),
    )
    topics = TopicChoiceField(label=_("Topics"))
    province = province_field()
    municipality = municipality_field()

    personal_data_fields = (
        "body",
        "what_happened",
        "what_i_did",
        "what_worked",
        "what_did_not_work",
    )

    class Meta:
        model = Reply
        fields = [
            "body",
            "experience_setting",
            "what_happened",
            "what_i_did",
            "what_worked",
            "what_did_not_work",
            "resource",
            "province",
            "municipality",
        ]

    def __init__(self, *args, question=None, author=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.add_personal_data_field()
        if self.instance.pk:
            self.fields["topics"].keep(self.instance.topics.all())
        self.prefill_region(author)

    def clean_body(self):
        return member_html(self.cleaned_data.get("body"))

    def clean(self):
        cleaned = super().clean()
        experience = [
            cleaned.get(name)
            for name in ("what_happened", "what_i_did", "what_worked", "what_did_not_work")
        ]
        if not cleaned.get("body") and not any(experience) and "body" not in self.errors:
            self.add_error(
                "body",
                ValidationError(
                    _("Write your reply, or describe your experience below."), code="required"
                ),
            )
        elif cleaned.get("experience_setting") and not any(experience) and not cleaned.get("body"):
            self.add_error("what_happened", _("Describe what happened."))
        if not self.errors:
            self.check_personal_data()
        return cleaned

    @property
    def has_experience(self):
        """Whether the experience part holds anything (so it is shown opened)."""
        return any(
            self[name].value()
            for name in (
                "experience_setting",
                "what_happened",
                "what_i_did",
                "what_worked",
                "what_did_not_work",
            )
        )

    @property
    def has_extras(self):
        """Whether a resource or topics were chosen (so that part is shown opened)."""
        return any(
            self[name].value() for name in ("resource", "topics", "province", "municipality")
        )


class QuestionForm(RegionFields, PersonalDataGuard, forms.Form):
    """A member's new question: it goes to the editors before it is published."""

    title = forms.CharField(
        label=_("Your question"),
        help_text=_("One sentence, ending with a question mark."),
        max_length=255,
        error_messages={"required": _("Write your question.")},
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        help_text=RICH_TEXT_HELP,
        required=False,
        max_length=20000,
        widget=RichTextarea(),
    )
    topics = TopicChoiceField(label=_("Topics"))
    province = province_field()
    municipality = municipality_field()

    personal_data_fields = ("title", "explanation")

    def __init__(self, *args, author=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_personal_data_field()
        self.prefill_region(author)

    def clean_title(self):
        title = " ".join(plain_text(self.cleaned_data.get("title")).split())
        if not title:
            raise ValidationError(_("Write your question."), code="required")
        return title

    def clean_explanation(self):
        return member_html(self.cleaned_data.get("explanation"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.check_personal_data()
        return cleaned


class FlagForm(forms.Form):
    """Why a member asks the editors to look at a reply."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this reply?"),
        choices=ReplyFlag.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the editors should know?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_note(self):
        return plain_text(self.cleaned_data.get("note"))


class ReplyAdminForm(WagtailAdminModelForm):
    """The reply form in the admin: a structured experience may go without body text, and
    the body is sanitised like the members' (Reply.save does that)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].required = False

    def clean(self):
        cleaned = super().clean()
        if (
            "body" in self.fields
            and not has_text(cleaned.get("body") or "")
            and not (cleaned.get("what_happened") or "").strip()
            and "body" not in self.errors
        ):
            self.add_error("body", forms.Field.default_error_messages["required"])
        return cleaned


class QuestionFilterForm(forms.Form):
    """The question list's filters (a GET form): province and topic, each optional."""

    province = forms.ChoiceField(
        label=_("Province"),
        choices=[("", _("All provinces")), *Province.choices],
        required=False,
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
