"""What members do with their own account: what their profile page lists, exporting their
data and deleting their account. The apps above (questions, panels) are reached only through
the relations they point at Profile and the user model, never imported."""

import datetime
import decimal
import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from taggit.models import ItemBase
from wagtail.models import Page

from .conf import get_setting
from .models import Profile

# The reply status a profile page shows; the questions app's Reply.Status.PUBLISHED.
PUBLISHED = "published"
EXPORT_FORMAT = "kennisdeling-member-export/1"


def published_questions(profile):
    """The member's live question pages that anyone may see, newest first."""
    questions = getattr(profile, "questions", None)
    if questions is None:
        return Page.objects.none()
    return questions.live().public().order_by("-first_published_at", "-pk")


def published_replies(profile):
    """The member's published replies on live, public questions, newest first."""
    replies = getattr(profile, "replies", None)
    if replies is None:
        return []
    public_pages = Page.objects.live().public().values("pk")
    return (
        replies.filter(status=PUBLISHED, question__in=public_pages)
        .select_related("question")
        .order_by("-created_at", "-pk")
    )


def can_delete_own_account(user):
    """Members may delete their own account; accounts with admin access may not.

    An editor's account owns pages and revisions, and a stolen session plus password must not
    be able to remove the last administrator: an administrator removes those in the admin.
    """
    return not (user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"))


@transaction.atomic
def delete_account(user, keep_replies):
    """Delete ``user`` and their profile. Replies are kept as "former member" (their author
    becomes empty) or deleted with the account; questions always stay, without a name,
    because other members' replies hang under them."""
    profile = Profile.objects.filter(user=user).first()
    photo = None
    if profile is not None:
        if not keep_replies:
            replies = getattr(profile, "replies", None)
            if replies is not None:
                replies.all().delete()
        _forget_author_in_page_revisions(profile)
        if profile.photo:
            photo = (profile.photo.storage, profile.photo.name)
    user.delete()
    if photo is not None:
        storage, name = photo
        # Only once the deletion is committed: a rollback must not leave a profile without
        # its photo file.
        transaction.on_commit(lambda: storage.delete(name))


def _forget_author_in_page_revisions(profile):
    """Clear the profile from the stored revisions of pages it authored.

    The database sets the page's author to empty, but a draft revision (a question in
    review) still holds the old id; publishing it later would point at a deleted profile.
    """
    for relation in _relations(Profile):
        if not issubclass(relation.related_model, Page):
            continue
        field_name = relation.field.name
        pages = relation.related_model._base_manager.filter(**{field_name: profile})
        for page in pages:
            for revision in page.revisions.all():
                if revision.content.get(field_name) == profile.pk:
                    revision.content[field_name] = None
                    revision.save(update_fields=["content"])


def export_member_data(user):
    """Everything the site holds about ``user`` as a JSON-ready dict: the account, the
    profile, and every row of another app that points at either (replies, questions,
    follows, panel applications…), found through the relations so new apps are included."""
    profile = Profile.objects.filter(user=user).prefetch_related("expertise").first()
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": _account(user),
        "profile": _profile(profile) if profile else None,
        "content": {},
    }
    ignored_apps = tuple(get_setting("COMMUNITY_EXPORT_IGNORED_APPS"))
    subjects = [(user, lambda model: model._meta.app_label.startswith(ignored_apps))]
    if profile is not None:
        subjects.insert(0, (profile, lambda model: issubclass(model, ItemBase)))
    for subject, skip in subjects:
        for relation in _relations(subject._meta.model):
            if skip(relation.related_model):
                continue
            key = relation.get_accessor_name()
            if key in data["content"]:
                key = f"{subject._meta.model_name}.{key}"
            rows = relation.related_model._base_manager.filter(
                **{relation.field.name: subject}
            ).order_by("pk")
            data["content"][key] = {
                "model": relation.related_model._meta.label_lower,
                "items": [_row(obj, skip_field=relation.field) for obj in rows],
            }
    return data


def export_member_data_json(user):
    """The export as indented JSON text."""
    return json.dumps(export_member_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _relations(model):
    """Reverse relations with an accessor (related_name not ending in "+")."""
    return [relation for relation in model._meta.related_objects if not relation.hidden]


def _account(user):
    email_addresses = []
    if hasattr(user, "emailaddress_set"):
        email_addresses = [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.order_by("pk")
        ]
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": email_addresses,
    }


def _profile(profile):
    return {
        "id": profile.pk,
        "display_name": profile.display_name,
        "role": profile.role,
        "organisation": profile.organisation,
        "profession": profile.profession,
        "profession_other": profile.profession_other,
        "municipality": profile.municipality,
        "province": profile.province,
        "bio": profile.bio,
        "expertise": sorted(topic.name for topic in profile.expertise.all()),
        "photo": profile.photo.name if profile.photo else "",
        "email_on_replies": profile.email_on_replies,
        "weekly_digest": profile.weekly_digest,
    }


def _row(obj, skip_field=None):
    """One row as a flat dict of its stored values; relations as the related row's id."""
    row = {"id": obj.pk, "description": str(obj)}
    for field in obj._meta.concrete_fields:
        # serialize is False for primary keys and multi-table parent links.
        if field is skip_field or not field.serialize:
            continue
        row[field.attname if field.is_relation else field.name] = _value(field, obj)
    return row


def _value(field, obj):
    if field.is_relation:
        return getattr(obj, field.attname)
    value = field.value_from_object(obj)
    if isinstance(value, FieldFile):
        return value.name or ""
    if value is None or isinstance(
        value, (str, bool, int, float, datetime.date, datetime.time, decimal.Decimal, uuid.UUID)
    ):
        return value
    if isinstance(value, (list, dict)):
        return value
    # StreamField values, rich text objects and the like: their stored form.
    prepared = field.get_prep_value(value)
    try:
        json.dumps(prepared, cls=DjangoJSONEncoder)
    except TypeError:
        return field.value_to_string(obj)
    return prepared
