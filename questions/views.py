"""Members' pages: reply, edit, delete, flag, mark helpful, follow, ask, and unsubscribe.

Views stay thin: the rules are in questions.services. Every page that changes something
needs a logged-in member (the login page is settings.LOGIN_URL); only the unsubscribe link
works without one, because its signed token is the proof.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community.accounts import get_profile
from community.models import Profile

from . import services
from .conf import get_setting
from .forms import FlagForm, QuestionForm, ReplyForm
from .member_text import editable_text
from .models import QuestionIndexPage, QuestionPage, Reply
from .notifications import Unsubscribe, read_unsubscribe_token


def _render(request, template, context, status=200):
    context = {"base_template": get_setting("QUESTIONS_BASE_TEMPLATE"), **context}
    return render(request, template, context, status=status)


def _question(request, pk):
    """A live question without view restrictions, or 404."""
    return get_object_or_404(QuestionPage.objects.live().public(), pk=pk)


def _reply(pk, statuses=(Reply.Status.PUBLISHED, Reply.Status.PENDING)):
    """A reply members can act on (a hidden one has left the site: 404), on a live question."""
    return get_object_or_404(
        Reply.objects.select_related("question", "author"),
        pk=pk,
        status__in=statuses,
        question__live=True,
    )


def _reply_url(request, reply, sort=None):
    url = reply.question.get_url(request) or "/"
    if sort == "helpful":
        url += "?sort=helpful"
    return f"{url}#reactie-{reply.pk}"


def _next_or(request, fallback):
    """The form's ``next`` when it stays on this site, else ``fallback``."""
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def _form_status(form):
    """400 for a form with errors, 200 when it only shows the personal-data warning."""
    return 200 if getattr(form, "only_warns", False) else 400


@login_required
@require_http_methods(["GET", "POST"])
def reply_create(request, question_id):
    """The reply form of one question; it is also shown at the bottom of the thread."""
    question = _question(request, question_id)
    profile = get_profile(request.user)
    status = 200
    if request.method == "POST":
        form = ReplyForm(request.POST, question=question)
        if form.is_valid():
            try:
                reply = services.create_reply(question, profile, form.cleaned_data)
            except services.RateLimited as error:
                form.add_error(None, error.message)
                status = 429
            else:
                if reply.is_published:
                    messages.success(request, _("Thank you! Your reply is on the site."))
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you! An editor reads the first replies of new members "
                            "before they appear; you will get an e-mail when yours is "
                            "published. Until then only you see it."
                        ),
                    )
                return redirect(_reply_url(request, reply))
        else:
            status = _form_status(form)
    else:
        form = ReplyForm(question=question, author=profile)
    return _render(
        request,
        "questions/reply_form.html",
        {"question": question, "form": form, "action": "create"},
        status=status,
    )


def _own_reply(request, pk):
    reply = _reply(pk)
    profile = get_profile(request.user)
    if not reply.is_by(profile):
        raise PermissionDenied
    return reply, profile


@login_required
@require_http_methods(["GET", "POST"])
def reply_edit(request, pk):
    """The author changes their reply; it is then shown as edited, with the time."""
    reply, profile = _own_reply(request, pk)
    status = 200
    if request.method == "POST":
        form = ReplyForm(request.POST, instance=reply, question=reply.question)
        if form.is_valid():
            services.update_reply(reply, profile, form.cleaned_data)
            messages.success(request, _("Your reply has been changed."))
            return redirect(_reply_url(request, reply))
        status = _form_status(form)
    else:
        form = ReplyForm(
            instance=reply,
            question=reply.question,
            initial={"body": editable_text(reply.body), "topics": reply.topics.all()},
        )
    return _render(
        request,
        "questions/reply_form.html",
        {"question": reply.question, "form": form, "reply": reply, "action": "edit"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_delete(request, pk):
    """The author deletes their reply, after confirming."""
    reply, profile = _own_reply(request, pk)
    if request.method == "POST":
        question_url = reply.question.get_url(request) or "/"
        services.delete_reply(reply, profile)
        messages.success(request, _("Your reply has been deleted."))
        return redirect(question_url)
    return _render(request, "questions/reply_delete.html", {"reply": reply})


@login_required
@require_http_methods(["GET", "POST"])
def reply_flag(request, pk):
    """A member asks the editors to look at someone else's published reply."""
    reply = _reply(pk, statuses=(Reply.Status.PUBLISHED,))
    profile = get_profile(request.user)
    if reply.is_by(profile):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = FlagForm(request.POST)
        if form.is_valid():
            try:
                services.flag_reply(
                    reply, profile, form.cleaned_data["reason"], form.cleaned_data["note"]
                )
            except services.NotAllowed as error:
                messages.info(request, error.message)
            else:
                messages.success(
                    request,
                    _("Thank you. An editor will look at this reply; the author is not told who."),
                )
            return redirect(_reply_url(request, reply))
        status = 400
    else:
        form = FlagForm()
    return _render(request, "questions/reply_flag.html", {"reply": reply, "form": form}, status)


@login_required
@require_POST
def reply_helpful(request, pk):
    """Mark someone else's published reply as helpful, or take the mark back."""
    reply = _reply(pk, statuses=(Reply.Status.PUBLISHED,))
    profile = get_profile(request.user)
    if reply.is_by(profile):
        raise PermissionDenied
    if request.POST.get("action") == "remove":
        services.unmark_helpful(reply, profile)
    else:
        services.mark_helpful(reply, profile)
    return redirect(_next_or(request, _reply_url(request, reply)))


@login_required
@require_POST
def question_follow(request, question_id):
    """Follow a question (new published replies by e-mail), or stop following it."""
    question = _question(request, question_id)
    profile = get_profile(request.user)
    if request.POST.get("action") == "unfollow":
        services.unfollow(profile, question)
        messages.success(request, _("You no longer follow this question."))
    else:
        services.follow(profile, question)
        if profile.email_on_replies:
            messages.success(
                request, _("You follow this question: new replies come to you by e-mail.")
            )
        else:
            messages.success(
                request,
                _(
                    "You follow this question. You have switched off e-mails about replies "
                    "in your profile, so none will be sent."
                ),
            )
    return redirect(_next_or(request, question.get_url(request) or "/"))


@login_required
@require_http_methods(["GET", "POST"])
def question_ask(request, index_id):
    """Ask a new question; it is published once an editor approved it."""
    index = get_object_or_404(QuestionIndexPage.objects.live().public(), pk=index_id)
    profile = get_profile(request.user)
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                page = services.ask_question(index, profile, form.cleaned_data)
            except services.RateLimited as error:
                form.add_error(None, error.message)
                status = 429
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! An editor reviews your question before it is published; "
                        "you will get an e-mail when it is."
                    ),
                )
                return redirect("questions:my_question", pk=page.pk)
        else:
            status = _form_status(form)
    else:
        form = QuestionForm(author=profile)
    return _render(request, "questions/question_form.html", {"index": index, "form": form}, status)


@login_required
def my_questions(request):
    """The questions a member asked, with where each stands (in review, published …)."""
    profile = get_profile(request.user)
    pages = list(
        QuestionPage.objects.filter(author=profile).order_by("-latest_revision_created_at", "-pk")
    )
    states = services.question_states(pages)
    questions = [
        {"page": page, "state": states[page.pk][0], "comment": states[page.pk][1]} for page in pages
    ]
    return _render(
        request,
        "questions/my_questions.html",
        {
            "questions": questions,
            "labels": services.QuestionState.LABELS,
            "ask_index": QuestionIndexPage.objects.live().public().first(),
        },
    )


@login_required
def my_question(request, pk):
    """One question as its author (or an editor) sees it while it is reviewed."""
    page = get_object_or_404(QuestionPage, pk=pk)
    profile = get_profile(request.user)
    is_author = profile is not None and page.author_id == profile.pk
    if not is_author and not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    state, comment = services.question_states([page])[page.pk]
    # The latest revision: what was submitted, even before it is published.
    draft = page.get_latest_revision_as_object()
    response = _render(
        request,
        "questions/my_question.html",
        {
            "page": page,
            "draft": draft,
            "state": state,
            "state_label": services.QuestionState.LABELS[state],
            "comment": comment,
            "is_author": is_author,
        },
    )
    add_never_cache_headers(response)
    return response


def _private(response):
    """Token pages: not cached, not indexed, and the token never leaks as a referrer."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The POST comes from the page's button or, without a CSRF token, from a mail program's
# one-click unsubscribe (RFC 8058); the signed token is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop e-mails from a link in one of them, without logging in."""
    try:
        profile_id, kind, question_id = read_unsubscribe_token(token)
    except signing.BadSignature:
        return _private(_render(request, "questions/unsubscribe_invalid.html", {}, status=400))
    profile = Profile.objects.filter(pk=profile_id).first()
    question = QuestionPage.objects.filter(pk=question_id).first() if question_id else None
    if profile is None or (kind == Unsubscribe.QUESTION and question is None):
        raise Http404
    done = False
    if request.method == "POST":
        if kind == Unsubscribe.QUESTION:
            services.unfollow(profile, question)
        elif kind == Unsubscribe.REPLIES:
            Profile.objects.filter(pk=profile.pk).update(email_on_replies=False)
        else:
            Profile.objects.filter(pk=profile.pk).update(weekly_digest=False)
        done = True
    return _private(
        _render(
            request,
            "questions/unsubscribe.html",
            {
                "kind": kind,
                "question": question,
                "done": done,
                "token": token,
                "profile_url": _profile_edit_url(),
            },
        )
    )


def _profile_edit_url():
    """Where members change their e-mail settings, when the site has such a page."""
    try:
        return reverse("community:profile_edit")
    except NoReverseMatch:
        return ""
