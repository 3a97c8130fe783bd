"""The community's ground floor: members' profiles, contact persons and the topic vocabulary."""

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index

from .photos import avatar_colour, initials, normalised_photo, validate_photo
from .vocabulary import Profession, Province


class TopicQuerySet(models.QuerySet):
    def with_usage_count(self):
        """Annotate ``usage_count``: how many questions, resources, panels… carry each topic.

        The tagged-item models of the other apps are found through the relations pointing at
        Topic, so this ground-floor app never names them. One subquery per kind, so rows of
        one kind do not multiply the counts of another.
        """
        counts = [
            Coalesce(
                Subquery(
                    through.objects.filter(tag=OuterRef("pk"))
                    .order_by()
                    .values("tag")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
            for through in topic_relations()
        ]
        total = sum(counts[1:], counts[0]) if counts else Value(0)
        return self.annotate(usage_count=total)

    def active(self):
        """The topics members and editors may still choose: all but the retired ones."""
        return self.filter(is_retired=False)

    def choosable(self, current=()):
        """The active topics plus ``current`` (the topics a form's object already has), so
        editing something keeps a retired topic it carries without offering it anew."""
        current_ids = [getattr(topic, "pk", topic) for topic in current]
        return self.filter(Q(is_retired=False) | Q(pk__in=current_ids))


def topic_relations():
    """The tagged-item (through) models of every app that link things to a Topic."""
    return [
        relation.related_model
        for relation in Topic._meta.related_objects
        if relation.field.name == "tag" and issubclass(relation.related_model, ItemBase)
    ]


class Topic(TagBase):
    """A curated topic (e.g. "polarisatie") linking questions, replies, resources and panels."""

    description = models.TextField(_("description"), blank=True)
    is_retired = models.BooleanField(
        _("retired"),
        default=False,
        db_index=True,
        help_text=_(
            "A retired topic can no longer be chosen for new content. What already carries "
            "it keeps it, and its topic page stays online."
        ),
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True, editable=False)

    objects = TopicQuerySet.as_manager()

    # Wagtail's tag widget and field: editors pick existing topics, they never type new ones.
    free_tagging = False

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = slugify(tag)
        return f"{slug}-{i}" if i is not None else slug

    def save(self, *args, **kwargs):
        if self.is_retired and self.retired_at is None:
            self.retired_at = timezone.now()
        elif not self.is_retired:
            self.retired_at = None
        super().save(*args, **kwargs)


class TopicMergeResult:
    """What a merge did: links moved to the target, duplicate links dropped, topics deleted."""

    def __init__(self):
        self.moved = 0
        self.duplicates = 0
        self.deleted = 0


@transaction.atomic
def merge_topics(sources, target):
    """Move every link of ``sources`` (questions, replies, resources, panels, profiles…) to
    ``target`` and delete the sources, in one transaction.

    Something that carried a source and the target (or two sources) keeps one link to the
    target. Stored revisions of revisioned objects (question pages) are rewritten too, so a
    draft never points at a deleted topic. Returns a TopicMergeResult.
    """
    source_ids = sorted({topic.pk for topic in sources} - {target.pk})
    result = TopicMergeResult()
    if not source_ids:
        return result
    # Lock the topics involved, so a concurrent merge or edit waits for this one.
    list(Topic.objects.select_for_update().filter(pk__in=[*source_ids, target.pk]))
    for through in topic_relations():
        rows = through.objects.filter(tag_id__in=source_ids)
        object_ids = list(rows.values_list("content_object_id", flat=True).distinct())
        if not object_ids:
            continue
        # A link to the target already exists for this object: the source's link goes.
        result.duplicates += (
            rows.filter(
                content_object__in=through.objects.filter(tag=target).values("content_object")
            )
            .order_by()
            .delete()[0]
        )
        # Two sources on one object: keep the link with the lowest id, drop the others.
        earlier = through.objects.filter(
            content_object=OuterRef("content_object"), tag_id__in=source_ids, pk__lt=OuterRef("pk")
        )
        duplicate_ids = list(
            rows.annotate(has_earlier=models.Exists(earlier))
            .filter(has_earlier=True)
            .values_list("pk", flat=True)
        )
        if duplicate_ids:
            result.duplicates += through.objects.filter(pk__in=duplicate_ids).delete()[0]
        result.moved += rows.update(tag=target)
        _retag_revisions(through, object_ids, source_ids, target.pk)
    source_slugs = list(Topic.objects.filter(pk__in=source_ids).values_list("slug", flat=True))
    result.deleted = Topic.objects.filter(pk__in=source_ids).delete()[1].get(Topic._meta.label, 0)
    _redirect_topic_pages(source_slugs, target)
    return result


def _redirect_topic_pages(source_slugs, target):
    """Send visitors of a merged topic's page on to the remaining topic's page: a permanent
    redirect per source, where the project has topic pages and Wagtail's redirects app."""
    if not apps.is_installed("wagtail.contrib.redirects"):
        return
    from wagtail.contrib.redirects.models import Redirect

    try:
        target_url = reverse("topics:detail", args=[target.slug])
        old_paths = [reverse("topics:detail", args=[slug]) for slug in source_slugs]
    except NoReverseMatch:
        return
    for old_path in old_paths:
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old_path),
            site=None,
            defaults={"redirect_link": target_url, "redirect_page": None, "is_permanent": True},
        )


def _retag_revisions(through, object_ids, source_ids, target_id):
    """Point the tag links stored in revisions (drafts, history) of these objects at the
    target, one link per topic, as the rows in the database now are."""
    from wagtail.models import Revision, RevisionMixin

    field = through._meta.get_field("content_object")
    model = field.related_model
    if not object_ids or not issubclass(model, RevisionMixin):
        return
    accessor = field.remote_field.related_name
    revisions = Revision.objects.filter(
        base_content_type=model().get_base_content_type(),
        object_id__in=[str(pk) for pk in set(object_ids)],
    )
    changed = []
    for revision in revisions.only("pk", "content"):
        links = revision.content.get(accessor)
        if not links or not any(link.get("tag") in source_ids for link in links):
            continue
        seen = set()
        kept = []
        for link in links:
            if link.get("tag") in source_ids:
                link["tag"] = target_id
            if link.get("tag") in seen:
                continue
            seen.add(link.get("tag"))
            kept.append(link)
        revision.content[accessor] = kept
        changed.append(revision)
    Revision.objects.bulk_update(changed, ["content"], batch_size=500)


class Region(models.Model):
    """Where something happens or someone works: a Dutch province and a municipality.

    Questions, replies and profiles carry it so lists can be filtered by region."""

    province = models.CharField(
        _("province"), max_length=20, choices=Province.choices, blank=True, db_index=True
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)

    class Meta:
        abstract = True


class ContactPerson(index.Indexed, models.Model):
    """Someone visitors may contact about a question or a panel, shown with a mailto link."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))

    panels = [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("email")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("organisation"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self):
        if self.organisation:
            return f"{self.name} ({self.organisation})"
        return self.name


def profile_photo_path(instance, filename):
    return f"profiles/{instance.user_id or 'new'}/{filename}"


class ProfileTopic(ItemBase):
    """A topic a member lists as their expertise; only curated topics, never free tags."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_profiles")
    content_object = models.ForeignKey(
        "community.Profile", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("expertise topic")
        verbose_name_plural = _("expertise topics")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="community_profiletopic_unique"
            )
        ]


class Profile(models.Model):
    """A member's public identity: the author card under questions and replies, and the
    profile page listing what they wrote."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=120)
    role = models.CharField(
        _("role or job title"), max_length=120, blank=True, help_text=_('e.g. "Sr. adviseur"')
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    profession = models.CharField(
        _("profession"), max_length=32, choices=Profession.choices, blank=True
    )
    profession_other = models.CharField(_("other profession"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality or region"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    expertise = TaggableManager(
        verbose_name=_("expertise topics"),
        through=ProfileTopic,
        blank=True,
        help_text=_("Topics from the community's vocabulary."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=profile_photo_path,
        blank=True,
        validators=[validate_photo],
        help_text=_("JPEG, PNG or WebP. It is resized and stripped of metadata."),
    )
    email_on_replies = models.BooleanField(
        _("e-mail me about new replies"),
        default=True,
        help_text=_("On questions I follow, including the questions I asked."),
    )
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=False,
        help_text=_("One e-mail a week with what happened in the community."),
    )

    panels = [
        FieldPanel("user"),
        FieldPanel("display_name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("profession"),
        FieldPanel("profession_other"),
        FieldPanel("municipality"),
        FieldPanel("province"),
        FieldPanel("bio"),
        FieldPanel("expertise"),
        FieldPanel("photo"),
        FieldPanel("email_on_replies"),
        FieldPanel("weekly_digest"),
    ]

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # Only a freshly uploaded file is re-encoded; a stored photo is left untouched.
        if self.photo and not getattr(self.photo, "_committed", True):
            self.photo = normalised_photo(self.photo, name=slugify(self.display_name) or "photo")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("community:profile", args=[self.pk])

    def save_photo(self, photo):
        """Save the profile with ``photo``: a new upload, the current file, or None to remove
        it. The file it replaces is deleted from storage: a removed photo must be gone."""
        old_name = ""
        if self.pk:
            old_name = (
                Profile.objects.filter(pk=self.pk).values_list("photo", flat=True).first() or ""
            )
        self.photo = photo or ""
        self.save()
        if old_name and old_name != self.photo.name:
            storage = self.photo.storage
            transaction.on_commit(lambda: storage.delete(old_name))

    @property
    def profession_label(self):
        """The profession as shown on the profile: the member's own words for "other"."""
        if self.profession == Profession.OTHER:
            return self.profession_other or self.get_profession_display()
        return self.get_profession_display()

    @property
    def is_public(self):
        """Whether the profile page may be shown: only for accounts that still work."""
        return self.user.is_active

    @property
    def initials(self):
        return initials(self.display_name)

    @property
    def avatar_colour(self):
        return avatar_colour(self.display_name)


@register_setting(icon="cog")
class CommunitySettings(BaseSiteSetting):
    """Site-wide settings editors maintain: the privacy statement and the contact address."""

    # The footer links the privacy page on every page: fetched with the settings, not after.
    select_related = ["privacy_page"]

    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy statement page"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    footer_text = models.CharField(_("footer text"), max_length=255, blank=True)

    panels = [
        PageChooserPanel("privacy_page"),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("community settings")
