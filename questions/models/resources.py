"""Curated resources: guides, publications and tools that questions and replies point to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from community.models import Topic


class ResourceTopic(ItemBase):
    """Links a resource to a community topic."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_resources")
    content_object = models.ForeignKey(
        "questions.Resource", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Resource(index.Indexed, models.Model):
    """A curated guide, publication or tool, e.g. the VNG's "Van polarisatie naar verbinding"."""

    title = models.CharField(_("title"), max_length=255)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    topics = TaggableManager(through=ResourceTopic, blank=True, verbose_name=_("topics"))

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("url"),
        FieldPanel("year"),
        FieldPanel("summary"),
        FieldPanel("topics"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("publisher"),
        index.AutocompleteField("title"),
        # The search page narrows a search to a filtered queryset by id.
        index.FilterField("id"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["title"]

    def __str__(self):
        return self.title
