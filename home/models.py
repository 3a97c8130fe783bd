"""The site's own pages: the home page and plain content pages such as the privacy statement."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from community.pages import OneQueryViewRestrictions
from home import site_context
from questions.models import QuestionIndexPage, QuestionPage

LATEST_QUESTIONS = 5


class HomePage(OneQueryViewRestrictions, Page):
    """The root of the site: an introduction and the latest questions."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        if path_components:
            child = site_context.specific_child(request, self, path_components[0])
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_questions"] = (
            QuestionPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("author")
            .order_by("-published_on", "-pk")[:LATEST_QUESTIONS]
        )
        # The "all questions" link goes to the first index in the menu, whatever its slug.
        context["question_index"] = (
            QuestionIndexPage.objects.live().public().descendant_of(self).order_by("path").first()
        )
        return context


class StandardPage(OneQueryViewRestrictions, Page):
    """A plain content page with a title and a rich-text body, e.g. the privacy statement."""

    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
