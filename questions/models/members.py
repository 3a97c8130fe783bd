"""What members keep track of: the questions they follow and the digests they were sent."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A member follows a question: they hear of its new published replies by e-mail."""

    profile = models.ForeignKey(
        "community.Profile",
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("member"),
    )
    question = models.ForeignKey(
        "questions.QuestionPage",
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("question"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "question"], name="questions_follow_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.profile} → {self.question_id}"


class DigestDelivery(models.Model):
    """One member's weekly digest for one week: the row that makes sending it idempotent."""

    profile = models.ForeignKey(
        "community.Profile",
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
        verbose_name=_("member"),
    )
    week_start = models.DateField(_("week starting"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "week_start"], name="questions_digest_once_per_week"
            )
        ]

    def __str__(self):
        return f"{self.profile} {self.week_start:%G-W%V}"
