"""Screenshots of the home page and an article, on a phone and a laptop, in the light and the
dark theme, into docs/screenshots/ (the README shows them). Run it on the demo data:

    DJANGO_DEBUG=1 .venv/bin/python manage.py seed_demo
    DJANGO_DEBUG=1 .venv/bin/python manage.py screenshots

It serves the site itself, on a free port of 127.0.0.1, from the configured database, and drives
Chromium (CHROMIUM_PATH, /usr/bin/chromium by default) with Playwright, a dev dependency."""

import os
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application

from articles.models import Article

SIZES = {"phone": (390, 844), "laptop": (1366, 768)}
THEMES = ("light", "dark")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = "Screenshots of the home page and an article (phone, laptop; light, dark) into docs/screenshots/."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"))
        parser.add_argument("--article", help="the article's slug (default: the most commented)")

    def handle(self, *args, out, article, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Run it with DJANGO_DEBUG=1 (static files served as in development)."
            )
        chosen = (
            Article.objects.published().filter(slug=article).first()
            if article
            else Article.objects.published().order_by("-comment_count", "-published_at").first()
        )
        if chosen is None:
            raise CommandError("No published article: load the demo data first (seed_demo).")
        from playwright.sync_api import sync_playwright

        server = make_server(
            "127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()), _Server, _QuietHandler
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        pages = {"home": "/", "article": chosen.get_absolute_url()}
        chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox"]
                )
                for size_name, (width, height) in SIZES.items():
                    for theme in THEMES:
                        context = browser.new_context(
                            viewport={"width": width, "height": height},
                            locale="fr-FR",
                            color_scheme=theme,
                        )
                        page = context.new_page()
                        for page_name, path in pages.items():
                            page.goto(base + path)
                            target = out_dir / f"{page_name}-{size_name}-{theme}.png"
                            page.screenshot(path=str(target))
                            self.stdout.write(f"{target}")
                        context.close()
                browser.close()
        finally:
            server.shutdown()
