"""Admin views for the topic vocabulary: merging topics, and the tag widget's suggestions.

Editors merge from the topic listing: tick the topics and use the footer's "Merge" action,
or use a row's "More" menu; both open one confirmation page where the editor picks the topic
that stays. Only editors who may both change and delete topics get in, since a merge
rewrites links and deletes the other topics.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_list_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.forms.tags import TagField
from wagtail.admin.widgets import AdminTagWidget
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .models import Topic, merge_topics

#: How many suggestions the tag widget shows, as Wagtail's own autocomplete.
AUTOCOMPLETE_LIMIT = 10
#: What an editor needs for a merge: it rewrites links (change) and removes topics (delete).
MERGE_PERMISSIONS = ("change", "delete")
#: The log action recorded on the topic that stays.
MERGE_LOG_ACTION = "community.topic.merge"


def may_merge_topics(user):
    """Whether ``user`` may merge topics: change and delete permission on topics."""
    policy = Topic.snippet_viewset.permission_policy
    return all(policy.user_has_permission(user, action) for action in MERGE_PERMISSIONS)


class MergeTopicsForm(forms.Form):
    """The topic that remains after the merge."""

    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Topic.objects.active(),
        help_text=_(
            "The topic that stays: one of the selected topics or another one. The other "
            "selected topics are deleted after their links have moved to it."
        ),
        empty_label=_("Choose a topic"),
        error_messages={"required": _("Choose the topic that stays.")},
    )


class MergeTopicsAction(SnippetBulkAction):
    """Merge the selected topics into one: every question, reply, resource, panel and
    profile keeps its link, now to the remaining topic."""

    models = [Topic]
    display_name = _("Merge")
    action_type = "merge"
    aria_label = _("Merge the selected topics into one")
    action_priority = 10
    template_name = "community/admin/confirm_merge_topics.html"
    form_class = MergeTopicsForm

    @cached_property
    def permission_policy(self):
        return Topic.snippet_viewset.permission_policy

    def dispatch(self, request, *args, **kwargs):
        if not may_merge_topics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.with_usage_count(), pk__in=object_ids)

    def check_perm(self, obj):
        return all(
            self.permission_policy.user_has_permission_for_instance(self.request.user, action, obj)
            for action in MERGE_PERMISSIONS
        )

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The selected topics, even a retired one, may be the one that stays.
        selected = self.request.GET.getlist("id")
        form.fields["target"].queryset = Topic.objects.choosable(
            [pk for pk in selected if pk.isdigit()]
        )
        return form

    def form_valid(self, form):
        objects, _without_access = self.get_actionable_objects()
        target = form.cleaned_data["target"]
        if not [topic for topic in objects if topic.pk != target.pk]:
            form.add_error(
                "target",
                _("Choose a topic other than the selected one, or select more topics."),
            )
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "target": self.cleaned_form.cleaned_data["target"],
        }

    @classmethod
    def execute_action(cls, objects, target=None, self=None, **kwargs):
        sources = [topic.name for topic in objects if topic.pk != target.pk]
        result = merge_topics(objects, target)
        if self is not None:
            self.merge_result = result
            self.merge_target = target
            # In the remaining topic's history: which topics went into it, and how many links.
            log(
                instance=target,
                action=MERGE_LOG_ACTION,
                user=self.request.user,
                data={
                    "sources": sources,
                    "moved": result.moved,
                    "duplicates": result.duplicates,
                },
            )
        return result.deleted, result.moved

    def get_success_message(self, num_parent_objects, num_child_objects):
        result = self.merge_result
        topics = ngettext(
            "%(count)d topic merged into “%(target)s”.",
            "%(count)d topics merged into “%(target)s”.",
            result.deleted,
        ) % {"count": result.deleted, "target": self.merge_target.name}
        links = ngettext("%(count)d link moved", "%(count)d links moved", result.moved) % {
            "count": result.moved
        }
        duplicates = ngettext(
            "%(count)d duplicate link removed",
            "%(count)d duplicate links removed",
            result.duplicates,
        ) % {"count": result.duplicates}
        return f"{topics} {links}, {duplicates}."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action"] = self
        return context


class TopicMergeLogFormatter(LogFormatter):
    """A merge in the remaining topic's history: the merged topics and the links moved."""

    label = _("Topics merged")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Merged %(sources)s into this topic: %(moved)s links moved.") % {
            "sources": ", ".join(data.get("sources", [])),
            "moved": data.get("moved", 0),
        }


def merge_url(topic_ids, next_url=None):
    """The merge confirmation page for these topics."""
    from urllib.parse import urlencode

    url = reverse(
        "wagtail_bulk_action",
        args=(Topic._meta.app_label, Topic._meta.model_name, MergeTopicsAction.action_type),
    )
    query = [("id", pk) for pk in topic_ids]
    if next_url:
        query.append(("next", next_url))
    return f"{url}?{urlencode(query)}"


def topic_autocomplete(request):
    """Suggestions for the admin's topic widget: existing topics that are not retired."""
    term = request.GET.get("term", "").strip()
    names = []
    if term:
        names = list(
            Topic.objects.active()
            .filter(name__icontains=term)
            .order_by("name")
            .values_list("name", flat=True)[:AUTOCOMPLETE_LIMIT]
        )
    return JsonResponse(names, safe=False)


class TopicTagWidget(AdminTagWidget):
    """Wagtail's tag widget, suggesting only the topics that are not retired."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-w-tag-url-value"] = reverse("community_topic_autocomplete")
        return context


class TopicTagField(TagField):
    """The admin's topic field: existing topics only, and no retired topic unless the object
    already carries it (its existing links stay when it is saved again)."""

    widget = TopicTagWidget

    def __init__(self, *args, **kwargs):
        kwargs["tag_model"] = Topic
        kwargs["free_tagging"] = False
        super().__init__(*args, **kwargs)
        self.current_names = set()

    def get_bound_field(self, form, field_name):
        bound_field = super().get_bound_field(form, field_name)
        initial = form.get_initial_for_field(self, field_name) or []
        self.current_names = {getattr(tag, "name", tag) for tag in initial}
        return bound_field

    def clean(self, value):
        names = super().clean(value)
        retired = set(
            Topic.objects.filter(name__in=names, is_retired=True).values_list("name", flat=True)
        )
        refused = sorted(retired - self.current_names)
        if refused:
            raise forms.ValidationError(
                ngettext(
                    "The topic %(names)s is retired and can no longer be chosen.",
                    "The topics %(names)s are retired and can no longer be chosen.",
                    len(refused),
                ),
                code="retired",
                params={"names": ", ".join(refused)},
            )
        return names


def topic_form_field_override(db_field):
    """Form field arguments for a TaggableManager in the admin: Topic gets TopicTagField."""
    if db_field.related_model is Topic:
        return {"form_class": TopicTagField}
    return {"form_class": TagField, "tag_model": db_field.related_model}
