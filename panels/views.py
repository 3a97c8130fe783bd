"""Public pages: a panel's sessions, the application form, the applicant's personal page.

Views stay thin: the rules are in panels.services. The exact venue is never rendered on
any of these pages; it is only in the confirmed participants' e-mails.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from community.models import CommunitySettings, Profile
from community.ratelimit import client_address
from community.vocabulary import Province, provinces_near

from . import services
from .conf import get_setting
from .forms import ApplicationForm
from .models import Panel, PanelSession, Registration, SessionState


def _render(request, template, context, status=200):
    context = {"base_template": get_setting("PANELS_BASE_TEMPLATE"), **context}
    return render(request, template, context, status=status)


def _private(response):
    """Personal pages: not cached, not indexed, and the token never leaks as a referrer."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def panel_detail(request, slug):
    """A panel's description and its sessions, each with its state and an apply link."""
    panel = get_object_or_404(
        Panel.objects.prefetch_related("sessions", "contact_persons"), slug=slug
    )
    return _render(request, "panels/panel_detail.html", {"panel": panel})


def _initial_for(user):
    if not user.is_authenticated:
        return {}
    initial = {"name": user.get_full_name(), "email": user.email}
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        initial["name"] = profile.display_name or initial["name"]
        for field in ("organisation", "profession", "profession_other", "municipality"):
            value = getattr(profile, field, "")
            if value:
                initial[field] = value
    return initial


def _privacy_url(request):
    privacy_page = CommunitySettings.for_request(request).privacy_page
    return privacy_page.get_url(request) if privacy_page else ""


@require_http_methods(["GET", "POST"])
def apply(request, pk):
    """The application form for one session."""
    session = get_object_or_404(PanelSession.objects.select_related("panel"), pk=pk)
    status = 200
    if not session.accepts_applications:
        return _render(
            request, "panels/apply_closed.html", {"session": session, "panel": session.panel}
        )
    if request.method == "POST":
        form = ApplicationForm(request.POST, session=session)
        address = client_address(request, get_setting("PANELS_CLIENT_IP_HEADER"))
        if not services.apply_rate_limit().hit(address):
            # The form is shown again with everything typed, so nothing is lost.
            form.is_valid()
            form.add_error(
                None,
                _("Too many applications from your connection. Wait a few minutes and send again."),
            )
            status = 429
        elif form.is_valid():
            try:
                registration = services.apply(session, form.cleaned_data, user=request.user)
            except services.DuplicateApplication as error:
                form.add_error("email", error.message)
            except services.ApplicationsClosed as error:
                form.add_error(None, error.message)
            else:
                return redirect("panels:receipt", token=registration.token)
        if status == 200:
            status = 400
    else:
        form = ApplicationForm(session=session, initial=_initial_for(request.user))
    return _render(
        request,
        "panels/apply.html",
        {
            "session": session,
            "panel": session.panel,
            "form": form,
            "privacy_url": _privacy_url(request),
        },
        status=status,
    )


def _registration(token):
    return get_object_or_404(
        Registration.objects.select_related("session__panel"),
        token=token,
        anonymised_at__isnull=True,
    )


def receipt(request, token):
    """Shown right after applying: what happens next."""
    registration = _registration(token)
    return _private(
        _render(
            request,
            "panels/receipt.html",
            {"registration": registration, "session": registration.session},
        )
    )


def application(request, token):
    """The applicant's personal page: the state of the application, withdraw, erase."""
    registration = _registration(token)
    return _private(
        _render(
            request,
            "panels/application.html",
            {
                "registration": registration,
                "session": registration.session,
                "panel": registration.session.panel,
            },
        )
    )


@require_POST
def withdraw(request, token):
    """Withdraw an application or give up a confirmed place."""
    registration = _registration(token)
    try:
        services.withdraw(registration)
    except services.PanelsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("panels:application", token=token)


@require_http_methods(["GET", "POST"])
def erase(request, token):
    """Ask, then erase the applicant's data after they have withdrawn."""
    registration = _registration(token)
    if request.method == "POST":
        try:
            services.erase(registration)
        except services.PanelsError as error:
            messages.error(request, error.message)
            return redirect("panels:application", token=token)
        return redirect("panels:erased")
    return _private(
        _render(
            request,
            "panels/erase_confirm.html",
            {"registration": registration, "session": registration.session},
        )
    )


def erased(request):
    """Confirmation that the data is gone (the personal link no longer works)."""
    return _private(_render(request, "panels/erased.html", {}))


# The list of upcoming sessions -------------------------------------------------------------


class NearMeForm(forms.Form):
    """The province whose sessions come first on the list of upcoming sessions."""

    province = forms.ChoiceField(
        label=gettext_lazy("Your province"),
        choices=[("", gettext_lazy("All provinces")), *Province.choices],
        required=False,
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )


def sessions_near(sessions, province):
    """Split ``sessions`` into those in ``province``, those in its neighbouring provinces
    (nearest first by date) and the others, each in the order given."""
    near = provinces_near(province)
    here = [session for session in sessions if session.province == province]
    nearby = [session for session in sessions if session.province in near[1:]]
    others = [session for session in sessions if session.province not in near]
    return here, nearby, others


def panel_index(request):
    """Upcoming sessions of every panel. With a province (a member's own by default) the
    sessions in it come first, then those in neighbouring provinces, then the others."""
    if "province" in request.GET:
        form = NearMeForm(request.GET)
        province = form.cleaned_data["province"] if form.is_valid() else ""
    else:
        province = ""
        if request.user.is_authenticated:
            province = (
                Profile.objects.filter(user=request.user).values_list("province", flat=True).first()
                or ""
            )
        form = NearMeForm(initial={"province": province})
    sessions = list(
        PanelSession.objects.filter(date__gte=timezone.localdate())
        .select_related("panel")
        .order_by("date", "start_time", "pk")
    )
    # Held sessions of today drop off once they have ended.
    sessions = [session for session in sessions if session.current_state != SessionState.HELD]
    context = {"form": form, "province": province, "sessions": sessions}
    if province:
        here, nearby, others = sessions_near(sessions, province)
        context.update(
            {
                "province_label": Province(province).label,
                "here": here,
                "nearby": nearby,
                "others": others,
            }
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return _render(request, "panels/index.html", context, status=status)
