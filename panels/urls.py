"""Public URLs of the panels app; include them with a prefix, e.g. path("panels/", …)."""

from django.urls import path

from . import views

app_name = "panels"

urlpatterns = [
    path("", views.panel_index, name="index"),
    path("session/<int:pk>/apply/", views.apply, name="apply"),
    path("application/erased/", views.erased, name="erased"),
    path("application/<str:token>/", views.application, name="application"),
    path("application/<str:token>/received/", views.receipt, name="receipt"),
    path("application/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("application/<str:token>/erase/", views.erase, name="erase"),
    path("<slug:slug>/", views.panel_detail, name="panel_detail"),
]
