"""What comment reports and article error reports have in common: a queue of readers' reports
that a member of the team closes, once, with a trace of who did it and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """A reader's report waiting for the team. The concrete models add what is reported and by
    whom."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    note = models.TextField(_("private note"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def close(self, by, status: str, note: str = "") -> bool:
        """Close the report as ``status`` (resolved: it was right; dismissed: it was not).
        Only an open report closes, in one conditional UPDATE, so that two members of the team
        deciding at once close it once; False when it was already closed."""
        if status not in (self.Status.RESOLVED, self.Status.DISMISSED):
            raise ValueError(f"a report closes as resolved or dismissed, not {status!r}")
        now = timezone.now()
        closed = (
            type(self)
            ._default_manager.filter(pk=self.pk, status=self.Status.OPEN)
            .update(status=status, handled_by=by, handled_at=now, note=note)
        )
        if closed:
            self.status, self.handled_by, self.handled_at, self.note = status, by, now, note
        return bool(closed)
