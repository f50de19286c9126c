from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("actualites/<slug:slug>/", views.detail, name="detail"),
    path("actualites/<slug:slug>/voter/", views.vote, name="vote"),
    path("actualites/<slug:slug>/partager/<str:network>/", views.share, name="share"),
    path("actualites/<slug:slug>/signaler-une-erreur/", views.report_error, name="report_error"),
    path("categorie/<slug:slug>/", views.category, name="category"),
    path("categorie/<slug:slug>/flux/", feeds.CategoryFeed(), name="category_feed"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("recherche/", views.search, name="search"),
    path("flux/", feeds.LatestArticlesFeed(), name="feed"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
