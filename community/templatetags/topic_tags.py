"""Links to topic pages, for any app's templates: a topic chip becomes a link where the
project includes ``community.topic_urls`` and stays plain text where it does not."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def topic_url(topic):
    """The URL of ``topic``'s page, or "" when the project has no topic pages."""
    try:
        return reverse("topics:detail", args=[topic.slug])
    except NoReverseMatch:
        return ""


@register.inclusion_tag("community/topics/includes/topic_chips.html")
def topic_chips(topics, label=None, extra_class=""):
    """A list of topic chips, each linking to its topic page. ``topics``: Topic rows or
    tagged items (anything with ``.tag``)."""
    topics = [getattr(topic, "tag", topic) for topic in topics]
    return {
        "topics": [(topic, topic_url(topic)) for topic in topics],
        "label": label,
        "extra_class": extra_class,
    }
