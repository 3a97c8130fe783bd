"""Members' URLs of the questions app; include them with a prefix, e.g.
path("questions/", include("questions.urls"))."""

from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("<int:question_id>/reply/", views.reply_create, name="reply_create"),
    path("<int:question_id>/follow/", views.question_follow, name="follow"),
    path("reply/<int:pk>/edit/", views.reply_edit, name="reply_edit"),
    path("reply/<int:pk>/delete/", views.reply_delete, name="reply_delete"),
    path("reply/<int:pk>/flag/", views.reply_flag, name="reply_flag"),
    path("reply/<int:pk>/helpful/", views.reply_helpful, name="reply_helpful"),
    path("ask/<int:index_id>/", views.question_ask, name="ask"),
    path("mine/", views.my_questions, name="my_questions"),
    path("mine/<int:pk>/", views.my_question, name="my_question"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
