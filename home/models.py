"""The site's home page."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from questions.models import QuestionPage

LATEST_QUESTIONS = 5


class HomePage(Page):
    """The root of the site: an introduction and the latest questions."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_questions"] = (
            QuestionPage.objects.live()
            .descendant_of(self)
            .select_related("author")
            .order_by("-published_on", "-pk")[:LATEST_QUESTIONS]
        )
        return context
