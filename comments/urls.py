from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("actualites/<slug:slug>/commentaires/", views.post, name="post"),
    path("commentaires/<int:pk>/", views.permalink, name="permalink"),
    path("commentaires/<int:pk>/repondre/", views.reply, name="reply"),
    path("commentaires/<int:pk>/voter/", views.vote, name="vote"),
    path("commentaires/<int:pk>/modifier/", views.edit, name="edit"),
    path("commentaires/<int:pk>/supprimer/", views.delete, name="delete"),
    path("commentaires/<int:pk>/signaler/", views.report, name="report"),
    path("commentaires/<int:pk>/moderer/", views.moderate, name="moderate"),
    path("moderation/", views.moderation_log, name="moderation_log"),
]
