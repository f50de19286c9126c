"""Demo news for a living development site (``manage.py seed_demo``)."""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from accounts.demo import create_verified_member
from accounts.models import Member, Rank

from . import services
from .demo_content import ARTICLES, CATEGORIES
from .models import Article, Category, Question, RelatedArticle, Source, Tag

EDITORS = ["redaction_lea", "redaction_marc", "redaction_ines"]


def create_editors(password: str) -> dict[str, Member]:
    group = Group.objects.get(name="Rédacteurs")
    rank = Rank.objects.get(name="Rédacteur")
    editors = {}
    for username in EDITORS:
        editor = create_verified_member(
            username,
            password,
            is_staff=True,
            rank_override=rank,
            date_joined=timezone.now() - timedelta(days=900),
        )
        editor.groups.add(group)
        editors[username] = editor
    return editors


def create_articles(
    editors: dict[str, Member], readers: list[Member], seed: int = 2026
) -> list[Article]:
    rng = random.Random(seed)
    now = timezone.now()
    categories = {
        slug: Category.objects.create(slug=slug, name=name, description=description)
        for slug, name, description in CATEGORIES
    }
    tags: dict[str, Tag] = {}
    articles = {}
    for data in ARTICLES:
        article = Article.objects.create(
            title=data["title"],
            slug=data["slug"],
            author=editors[data["author"]],
            category=categories[data["category"]],
            lead=data["lead"],
            body=data["body"],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=data["days_ago"], minutes=rng.randint(0, 600)),
        )
        for name in data["tags"]:
            if name not in tags:
                tags[name] = Tag.objects.create(name=name, slug=slugify(name))
        article.tags.add(*(tags[name] for name in data["tags"]))
        Source.objects.bulk_create(
            Source(article=article, position=i, name=name, url=url)
            for i, (name, url) in enumerate(data["sources"])
        )
        Question.objects.bulk_create(
            Question(article=article, position=i, text=text)
            for i, text in enumerate(data["questions"])
        )
        articles[data["slug"]] = article
    for data in ARTICLES:
        RelatedArticle.objects.bulk_create(
            RelatedArticle(article=articles[data["slug"]], target=articles[slug], position=i)
            for i, slug in enumerate(data["related"])
        )
    # A draft and a scheduled article, for editors to preview.
    Article.objects.create(
        title="Brouillon : notre dossier sur les outils de build",
        slug="brouillon-dossier-outils-de-build",
        author=editors[EDITORS[0]],
        category=categories[CATEGORIES[0][0]],
        lead="Un dossier en préparation, visible des seuls rédacteurs.",
        body="Plan du dossier :\n\n- historique\n- comparatif\n- recommandations",
    )
    Article.objects.create(
        title="Programmé : le bilan de l'année des langages",
        slug="programme-bilan-annee-langages",
        author=editors[EDITORS[1]],
        category=categories[CATEGORIES[0][0]],
        lead="Cet article paraîtra dans quelques jours.",
        body="Texte à venir.",
        status=Article.Status.PUBLISHED,
        published_at=now + timedelta(days=3),
    )
    # Readers read, vote and share.
    for article in articles.values():
        for reader in rng.sample(readers, k=rng.randint(2, len(readers))):
            services.record_visit(article, reader)
            if rng.random() < 0.6:
                services.record_vote(article, reader, 1 if rng.random() < 0.8 else -1)
            if rng.random() < 0.3:
                services.record_share(
                    article, f"m{reader.pk}", rng.choice(["x", "email", "linkedin"])
                )
    return list(articles.values())
