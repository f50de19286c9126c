from django.contrib.sitemaps import Sitemap

from .models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()


SITEMAPS = {"articles": ArticleSitemap, "categories": CategorySitemap}
