"""The community's public pages: ``path("community/", include("community.urls"))`` in the
project's urls; the names live in the ``community`` namespace."""

from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("leden/<int:pk>/", views.profile, name="profile"),
    path("mijn-profiel/", views.profile_edit, name="profile_edit"),
    path("mijn-profiel/gegevens/", views.data_export, name="data_export"),
    path("mijn-profiel/verwijderen/", views.account_delete, name="account_delete"),
]
