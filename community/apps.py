from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from allauth.account.signals import user_signed_up

        from .signals import create_profile_on_sign_up

        user_signed_up.connect(create_profile_on_sign_up, dispatch_uid="community_profile")
