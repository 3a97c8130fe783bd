"""StreamField blocks for a question's motivation."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading inside the motivation, e.g. "Ervaringen uitwisselen"."""

    text = blocks.CharBlock(label=_("text"), max_length=200)

    class Meta:
        icon = "title"
        template = "questions/blocks/heading_block.html"
        label = _("Heading")
        description = _("A heading that starts a section")
        preview_value = {"text": "Ervaringen uitwisselen met andere professionals"}


class PanelSessionsBlock(blocks.StructBlock):
    """Lists the sessions of one panel from the panels app, with their dates and cities."""

    panel = SnippetChooserBlock("panels.Panel", label=_("panel"))
    intro = blocks.RichTextBlock(
        label=_("introduction"), required=False, features=["bold", "italic", "link"]
    )

    class Meta:
        icon = "date"
        template = "questions/blocks/panel_sessions_block.html"
        label = _("Panel sessions")
        description = _("The dates, times and cities of a panel's sessions")


class ContactPersonsBlock(blocks.StructBlock):
    """The people visitors can contact, each with organisation and a mailto link."""

    intro = blocks.CharBlock(
        label=_("introduction"), required=False, default=_("For questions, contact:")
    )
    people = blocks.ListBlock(
        SnippetChooserBlock("community.ContactPerson"), label=_("contact persons")
    )

    class Meta:
        icon = "group"
        template = "questions/blocks/contact_persons_block.html"
        label = _("Contact persons")
        description = _("Names, organisations and e-mail addresses to contact")


class ResourceBlock(blocks.StructBlock):
    """A curated resource shown as a card."""

    resource = SnippetChooserBlock("questions.Resource", label=_("resource"))

    class Meta:
        icon = "link"
        template = "questions/blocks/resource_block.html"
        label = _("Resource")
        description = _("A guide, publication or tool shown as a card")


class MotivationBlock(blocks.StreamBlock):
    """The blocks an editor can use in a question's motivation."""

    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        template="questions/blocks/paragraph_block.html",
        icon="pilcrow",
    )
    heading = HeadingBlock()
    panel_sessions = PanelSessionsBlock()
    contact_persons = ContactPersonsBlock()
    resource = ResourceBlock()
