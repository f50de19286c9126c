"""Queue the weekly digests that are due: run every few minutes by a systemd timer
(config/deploy/causerie-digests.timer) or cron. The task worker sends them (comments.digest)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from comments import digest, tasks


class Command(BaseCommand):
    help = "Queue the weekly digests due now for the task worker (or send them now with --now)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send them in this process instead of queueing the task (the same claims: "
            "nothing is sent twice).",
        )

    def handle(self, *args, now: bool = False, verbosity: int = 1, **options):
        # One query when nobody is due (most runs): no task is queued for nothing.
        if not digest.due_members(timezone.now()).exists():
            if verbosity > 1:
                self.stdout.write("No weekly digest is due.")
            return
        if now:
            tasks.send_weekly_digests.call()
            self.stdout.write("Weekly digests sent.")
        else:
            result = tasks.send_weekly_digests.enqueue()
            self.stdout.write(f"Weekly digests queued (task {result.id}).")
