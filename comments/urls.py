from django.urls import path

from . import notification_views, views

app_name = "comments"

urlpatterns = [
    path("actualites/<slug:slug>/commentaires/", views.add_comment, name="add"),
    path("actualites/<slug:slug>/commentaires/nouveaux/", views.live, name="live"),
    path(
        "actualites/<slug:slug>/commentaires/nouveaux/liste/",
        views.live_comments,
        name="live_comments",
    ),
    path("commentaires/<int:pk>/", views.permalink, name="permalink"),
    path("non-lus/", views.unread, name="unread"),
    path("commentaires/<int:pk>/repondre/", views.reply, name="reply"),
    path("commentaires/<int:pk>/voter/", views.vote, name="vote"),
    path("commentaires/<int:pk>/modifier/", views.edit, name="edit"),
    path("commentaires/<int:pk>/historique/", views.comment_history, name="history"),
    path("commentaires/<int:pk>/supprimer/", views.delete, name="delete"),
    path("actualites/<slug:slug>/suivre/", notification_views.follow, name="follow"),
    path("notifications/", notification_views.inbox, name="notifications"),
    path("notifications/<int:pk>/", notification_views.open_notification, name="notification"),
    path("notifications/tout-lu/", notification_views.mark_all_read, name="mark_all_read"),
    path("notifications/preferences/", notification_views.preferences, name="preferences"),
    path(
        "notifications/desabonnement/<str:token>/",
        notification_views.unsubscribe,
        name="unsubscribe",
    ),
]
