"""Demo content for a development site, from every app at once: it lives in the top app
(moderation), the only one allowed to import all the others."""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_MEMBERS, create_demo_members, create_verified_member
from accounts.models import Member, Rank
from articles.demo import EDITORS, create_articles, create_editors
from comments.demo import create_discussions
from moderation.demo import create_moderation


class Command(BaseCommand):
    help = "Fills an empty database with demo content, once: an admin, members and their activity."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even though DJANGO_DEBUG is off."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo adds demo accounts with known passwords: it refuses to run when "
                "DJANGO_DEBUG is off. Pass --force if this really is a demo site."
            )
        if Member.objects.filter(username="admin").exists():
            self.stdout.write("Demo data already loaded: nothing to do.")
            return
        admin_password = secrets.token_urlsafe(12)
        member_password = secrets.token_urlsafe(9)
        with transaction.atomic():
            create_verified_member(
                "admin",
                admin_password,
                is_staff=True,
                is_superuser=True,
                rank_override=Rank.objects.get(name="Responsable"),
            )
            members = create_demo_members(member_password)
            editors = create_editors(member_password)
            articles = create_articles(editors, members)
            moderator = create_verified_member(
                "moderation_paul",
                member_password,
                is_staff=True,
                rank_override=Rank.objects.get(name="Modérateur"),
            )
            moderator.groups.add(Group.objects.get(name="Modérateurs"))
            everyone = [*members, *editors.values()]
            create_discussions(articles, everyone)
            create_moderation(everyone, moderator)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(
            f"  Administrator: admin / {admin_password}  (http://127.0.0.1:8000/admin/)"
        )
        names = ", ".join([*(name for name, _website in DEMO_MEMBERS), *EDITORS, "moderation_paul"])
        self.stdout.write(f"  Members ({names}): password {member_password}")
        self.stdout.write("  Write these down: they are shown only once.")
