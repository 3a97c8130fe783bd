"""Admin views for choosing each session's group: the sessions overview and the selection page."""

from django.contrib import messages
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .models import PanelSession, RegistrationState, RegistrationStateChange
from .permissions import can_decide, forbidden

State = RegistrationState

STATE_ORDER = [
    State.CONFIRMED,
    State.APPLIED,
    State.WAITLISTED,
    State.DECLINED,
    State.CANCELLED,
    State.WITHDRAWN,
]


def _counted(queryset):
    """Annotate sessions with their number of applications per state, in one query."""
    live = Q(registrations__anonymised_at__isnull=True)
    return queryset.annotate(
        applied=Count("registrations", filter=live & Q(registrations__state=State.APPLIED)),
        waitlisted=Count("registrations", filter=live & Q(registrations__state=State.WAITLISTED)),
        total=Count("registrations", filter=live),
    )


class DecideRequiredMixin:
    """Only users with the panels permission get past dispatch; others get a 403."""

    def dispatch(self, request, *args, **kwargs):
        if not can_decide(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class SessionsIndexView(DecideRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every session with its applications, confirmed group and deadline warnings."""

    template_name = "panels/admin/sessions.html"
    page_title = gettext_lazy("Panel sessions")
    header_icon = "calendar"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        show_past = self.request.GET.get("show") == "all"
        sessions = _counted(PanelSession.objects.select_related("panel")).order_by(
            "date", "start_time"
        )
        if not show_past:
            sessions = sessions.filter(date__gte=today)
        rows = [
            {"session": session, "deadline": services.deadline_status(session, today)}
            for session in sessions
        ]
        context.update(rows=rows, show_past=show_past, today=today)
        return context


class SelectionView(DecideRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One session: its applicants, the group's make-up, a suggested diverse group, and
    bulk confirm / waitlist / decline / cancel."""

    template_name = "panels/admin/selection.html"
    header_icon = "group"
    ACTIONS = {
        "confirm": services.confirm,
        "waitlist": services.waitlist,
        "decline": services.decline,
        "cancel": services.cancel,
    }

    @cached_property
    def session(self):
        return get_object_or_404(PanelSession.objects.select_related("panel"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Selection: %(city)s") % {"city": self.session.city}

    def get_page_subtitle(self):
        return self.session.panel.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("panels_sessions:index"), "label": _("Panel sessions")},
            {"url": "", "label": self.get_page_title()},
        ]

    def registrations(self):
        order = Case(
            *[When(state=state, then=Value(i)) for i, state in enumerate(STATE_ORDER)],
            output_field=IntegerField(),
        )
        return (
            self.session.registrations.filter(anonymised_at__isnull=True)
            .select_related("second_choice")
            .annotate(state_order=order)
            .order_by("state_order", "created_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        registrations = list(self.registrations())
        confirmed = [r for r in registrations if r.state == State.CONFIRMED]
        waiting = [r for r in registrations if r.state == State.WAITLISTED]
        undecided = [r for r in registrations if r.state == State.APPLIED]
        suggestion = None
        suggested_ids = set()
        if self.request.GET.get("suggest"):
            suggestion = services.suggest_group(session)
            suggested_ids = {pick.registration.pk for pick in suggestion.picks}
        history = (
            RegistrationStateChange.objects.filter(registration__session=session)
            .select_related("registration", "user")
            .order_by("-created_at", "-pk")[:30]
        )
        context.update(
            session=session,
            registrations=registrations,
            confirmed=confirmed,
            waiting=waiting,
            undecided=undecided,
            composition=services.composition(confirmed),
            suggestion=suggestion,
            suggestion_composition=services.composition(suggestion.group) if suggestion else None,
            suggested_ids=suggested_ids,
            deadline=services.deadline_status(session),
            below_minimum=session.confirmed_count < session.capacity_min,
            free_places=session.places_left,
            history=history,
            export_url=reverse("panels_registrations:index") + f"?session={session.pk}&export=xlsx",
        )
        return context

    def post(self, request, *args, **kwargs):
        session = self.session
        action = request.POST.get("action", "")
        try:
            if action == "promote":
                promoted = services.promote_next(session, user=request.user)
                messages.success(
                    request,
                    _("Promoted from the waiting list: %(names)s.")
                    % {"names": ", ".join(r.name for r in promoted)},
                )
            elif action in self.ACTIONS:
                ids = request.POST.getlist("registrations")
                chosen = list(session.registrations.filter(pk__in=[i for i in ids if i.isdigit()]))
                if not chosen:
                    messages.error(request, _("Select at least one applicant first."))
                else:
                    outcome = self.ACTIONS[action](chosen, user=request.user)
                    messages.success(
                        request,
                        _("%(count)s application(s) changed; each applicant has been e-mailed.")
                        % {"count": len(outcome.changed)},
                    )
                    if outcome.promoted:
                        messages.info(
                            request,
                            _("Promoted automatically from the waiting list: %(names)s.")
                            % {"names": ", ".join(r.name for r in outcome.promoted)},
                        )
            else:
                messages.error(request, _("Unknown action."))
        except services.PanelsError as error:
            messages.error(request, error.message)
        return redirect("panels_sessions:selection", pk=session.pk)
