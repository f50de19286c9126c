from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("commentaires/<int:pk>/signaler/", views.report, name="report"),
    path("commentaires/<int:pk>/moderer/", views.moderate, name="moderate"),
    path("moderation/", views.log, name="log"),
]
