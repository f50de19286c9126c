"""What comment reports and article error reports have in common: a queue of readers' reports
that a member of the team closes, once, with a trace of who did it and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportQuerySet(models.QuerySet):
    def open(self):
        """Reports still waiting for a decision (see Report.OPEN_STATUSES)."""
        return self.filter(status__in=self.model.OPEN_STATUSES)


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

    # The statuses of a report still waiting for a decision: a workflow may have steps before
    # the decision (an error report passed to the editors).
    OPEN_STATUSES: tuple[str, ...] = (Status.OPEN,)

    objects = ReportQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def close(self, by, status: str, note: str = "", **fields) -> bool:
        """Close the report as ``status`` (resolved: it was right; dismissed: it was not),
        writing ``fields`` with it. Only an open report closes, in one conditional UPDATE, so
        that two members of the team deciding at once close it once; False when it was already
        closed."""
        if status not in (self.Status.RESOLVED, self.Status.DISMISSED):
            raise ValueError(f"a report closes as resolved or dismissed, not {status!r}")
        now = timezone.now()
        values = {"status": status, "handled_by": by, "handled_at": now, "note": note, **fields}
        closed = (
            type(self)
            ._default_manager.filter(pk=self.pk, status__in=self.OPEN_STATUSES)
            .update(**values)
        )
        if closed:
            for name, value in values.items():
                setattr(self, name, value)
        return bool(closed)
