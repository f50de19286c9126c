from django.urls import path

from . import theme, views

app_name = "accounts"

urlpatterns = [
    path("compte/", views.account, name="account"),
    path("compte/supprimer/", views.delete_account, name="delete"),
    path("compte/confirmation/renvoyer/", views.resend_confirmation, name="resend_confirmation"),
    path("theme/", theme.set_theme, name="set_theme"),
    path("membres/", views.members, name="members"),
    path("membres/rangs/", views.ranks, name="ranks"),
    path("membres/suggestions/", views.suggestions, name="suggestions"),
    path("membres/<int:pk>/", views.profile, name="profile"),
    path("membres/<int:pk>/ignorer/", views.ignore, name="ignore"),
    path("compte/membres-ignores/", views.ignored, name="ignored"),
]
