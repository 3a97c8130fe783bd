"""Members' pages: the public profile, editing one's own profile, data export and deletion.

None of the member views take an id: "my profile" is always the logged-in user's, so no
member can reach another member's profile, data or account.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .accounts import get_profile
from .conf import get_setting
from .forms import DeleteAccountForm, ProfileForm
from .models import Profile
from .services import (
    can_delete_own_account,
    delete_account,
    export_member_data_json,
    published_questions,
    published_replies,
)


@require_GET
def profile(request, pk):
    """A member's public profile with their published questions and replies."""
    member = get_object_or_404(
        Profile.objects.select_related("user").prefetch_related("expertise"),
        pk=pk,
        user__is_active=True,
    )
    replies = Paginator(
        published_replies(member), get_setting("COMMUNITY_PROFILE_REPLIES_PER_PAGE")
    ).get_page(request.GET.get("page"))
    context = {
        "member": member,
        "questions": published_questions(member),
        "replies": replies,
        "is_own_profile": request.user.is_authenticated and request.user.pk == member.user_id,
        "noindex": get_setting("COMMUNITY_PROFILES_NOINDEX"),
    }
    return render(request, "community/profile.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """The logged-in member's own profile form."""
    member = get_profile(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=member)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("community:profile_edit")
    else:
        form = ProfileForm(instance=member)
    context = {
        "form": form,
        "member": member,
        "can_delete_account": can_delete_own_account(request.user),
    }
    return render(request, "community/profile_edit.html", context)


@never_cache
@login_required
@require_GET
def data_export(request):
    """The logged-in member's data as a JSON download."""
    response = HttpResponse(
        export_member_data_json(request.user), content_type="application/json; charset=utf-8"
    )
    filename = f"kennisdeling-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete one's own account after typing the password again."""
    if not can_delete_own_account(request.user):
        return render(request, "community/account_delete_refused.html", status=403)
    reply_count = _reply_count(request.user)
    form_kwargs = {"user": request.user, "has_replies": reply_count > 0}
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, **form_kwargs)
        if form.is_valid():
            user = request.user
            logout(request)
            delete_account(user, keep_replies=form.keep_replies)
            messages.success(request, _("Your account has been deleted."))
            return redirect("/")
    else:
        form = DeleteAccountForm(**form_kwargs)
    context = {"form": form, "reply_count": reply_count}
    return render(request, "community/account_delete.html", context)


def _reply_count(user):
    """All the member's replies, whatever their state: deleting them includes pending ones."""
    replies = getattr(get_profile(user), "replies", None)
    return replies.count() if replies is not None else 0
