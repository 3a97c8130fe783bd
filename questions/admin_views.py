"""Admin views for moderating replies: bulk actions and the reply listing's row buttons.

Editors moderate from the reply listing: tick rows and use the footer's bulk actions, or use a
row's "More" menu, which opens the same confirmation page for that one reply. Both paths run
the functions in ``services.py``, so the rules live in one place.
"""

from urllib.parse import urlencode

from django import forms
from django.shortcuts import get_list_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import EditView, IndexView

from . import services
from .models import Reply


class ModerationReasonForm(forms.Form):
    """The reason an editor gives for a moderation decision; the author reads it."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the reply and sent to its author."),
    )


class RequiredReasonForm(ModerationReasonForm):
    """Hiding a reply needs a reason: the author is told why it left the site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True


class ReplyModerationAction(PermissionCheckedMixin, SnippetBulkAction):
    """A state change on the selected replies; only editors who may change replies get in."""

    models = [Reply]
    permission_required = "change"
    template_name = "questions/admin/confirm_bulk_moderation.html"
    form_class = ModerationReasonForm
    #: The function in services.py that makes the change.
    service = None
    #: The question the confirmation page asks.
    confirmation = None
    icon_name = None

    @cached_property
    def permission_policy(self):
        # Set explicitly: on Wagtail 7.4 neither base class provides one, and
        # PermissionCheckedMixin then lets everyone through.
        return self.model.snippet_viewset.permission_policy

    @classmethod
    def get_queryset(cls, model, object_ids):
        # The confirmation page names each reply by its author and question.
        return get_list_or_404(
            model.objects.select_related("author", "question"), pk__in=object_ids
        )

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action"] = self
        return context

    def get_execution_context(self):
        # Who decided and why: kept on the reply, in its history and in the author's mail.
        return {
            "by": self.request.user,
            "reason": self.cleaned_form.cleaned_data.get("reason", "") if self.cleaned_form else "",
        }

    @classmethod
    def execute_action(cls, objects, by=None, reason="", **kwargs):
        return cls.service(objects, by=by, reason=reason), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.success_message(num_parent_objects) % {"count": num_parent_objects}

    def success_message(self, count):
        """The message after the change, with a %(count)d placeholder."""
        raise NotImplementedError


class PublishRepliesAction(ReplyModerationAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish the selected replies")
    action_priority = 10
    icon_name = "view"
    service = staticmethod(services.publish_replies)
    confirmation = _(
        "Publish these replies on their questions? Open flags on them are closed, authors "
        "of replies that waited are told, and followers hear of each new reply."
    )

    def success_message(self, count):
        return ngettext(
            "%(count)d reply has been published.", "%(count)d replies have been published.", count
        )


class HideRepliesAction(ReplyModerationAction):
    display_name = _("Hide")
    action_type = "hide"
    aria_label = _("Hide the selected replies")
    action_priority = 20
    icon_name = "no-view"
    service = staticmethod(services.hide_replies)
    form_class = RequiredReasonForm
    confirmation = _(
        "Hide these replies from their questions? They are kept, but nobody else sees them; "
        "a hidden reply also loses its featuring. The authors are told, with your reason."
    )

    def success_message(self, count):
        return ngettext(
            "%(count)d reply has been hidden.", "%(count)d replies have been hidden.", count
        )


class FeatureRepliesAction(ReplyModerationAction):
    display_name = _("Feature")
    action_type = "feature"
    aria_label = _("Feature the selected replies")
    action_priority = 30
    icon_name = "pick"
    service = staticmethod(services.feature_replies)
    confirmation = _(
        "Feature these replies at the top of their questions? "
        "Replies that are not published yet are published too."
    )

    def success_message(self, count):
        return ngettext(
            "%(count)d reply has been featured.", "%(count)d replies have been featured.", count
        )


class UnfeatureRepliesAction(ReplyModerationAction):
    display_name = _("Unfeature")
    action_type = "unfeature"
    aria_label = _("Stop featuring the selected replies")
    action_priority = 40
    icon_name = "cross"
    service = staticmethod(services.unfeature_replies)
    confirmation = _("Stop featuring these replies? They return to date order.")

    def success_message(self, count):
        return ngettext(
            "%(count)d reply is no longer featured.",
            "%(count)d replies are no longer featured.",
            count,
        )


MODERATION_ACTIONS = [
    PublishRepliesAction,
    HideRepliesAction,
    FeatureRepliesAction,
    UnfeatureRepliesAction,
]


def moderation_actions_for(reply):
    """The moderation actions that would change ``reply``, for its row's menu."""
    actions = []
    if reply.status != Reply.Status.PUBLISHED:
        actions.append(PublishRepliesAction)
    if reply.status != Reply.Status.HIDDEN:
        actions.append(HideRepliesAction)
    if not reply.is_featured:
        actions.append(FeatureRepliesAction)
    else:
        actions.append(UnfeatureRepliesAction)
    return actions


class ReplyIndexView(IndexView):
    """The reply listing, with each row's moderation actions in its "More" menu."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.user_has_permission_for_instance("change", instance):
            return buttons
        # Back to the listing as the editor filtered it; the request itself may be the
        # listing's results fragment, which is no page to land on.
        back = self.index_url
        if self.request.GET:
            back = f"{back}?{self.request.GET.urlencode()}"
        for action in moderation_actions_for(instance):
            url = reverse(
                "wagtail_bulk_action",
                args=(Reply._meta.app_label, Reply._meta.model_name, action.action_type),
            )
            query = urlencode({"id": instance.pk, "next": back})
            buttons.append(
                MenuItem(
                    action.display_name,
                    url=f"{url}?{query}",
                    icon_name=action.icon_name,
                    priority=15 + action.action_priority // 10,
                )
            )
        return buttons


class ReplyEditView(EditView):
    """The reply's admin form: a change of status there means what the moderation actions
    mean (the author and the followers are told), so no path skips the rules."""

    def save_instance(self):
        previous_status = (
            Reply.objects.filter(pk=self.object.pk).values_list("status", flat=True).first()
        )
        instance = super().save_instance()
        services.after_admin_edit(instance, previous_status, self.request.user)
        return instance
