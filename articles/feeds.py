from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Article, Category

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Causerie — latest news")
    subtitle = _("News and discussions for developers.")

    def link(self):
        return reverse("articles:home")

    def items(self):
        return Article.objects.published().for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_author_name(self, item):
        return item.author.username

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name]


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return _("Causerie — %(category)s") % {"category": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return Article.objects.published().filter(category=obj).for_listing()[:FEED_LENGTH]
