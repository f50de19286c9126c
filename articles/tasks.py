"""Emails about what readers sent the editors, sent by the task queue (django.tasks) after the
transaction that decided commits: the answer to an error report.

As for the comments' emails (comments.tasks), the email is claimed before it is sent, so that a
task run twice sends it once; when the mail server fails, the claim is released and the task
queued again a little later, up to NOTIFICATION_EMAIL_ATTEMPTS times."""

import logging
import smtplib
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import ErrorReport

logger = logging.getLogger(__name__)
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@task
def email_report_closed(report_id: int, attempt: int = 1) -> None:
    """Tell the reader how their error report was closed: the correction published, or why it
    was rejected. Nothing for a report still open or a reader who cannot be answered."""
    report = (
        ErrorReport.objects.select_related("article", "reporter", "correction")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.is_open or not report.answer_address:
        return
    claimed = ErrorReport.objects.filter(pk=report_id, reader_emailed_at__isnull=True).update(
        reader_emailed_at=timezone.now()
    )
    if not claimed:
        return  # already sent
    context = {
        "report": report,
        "article": report.article,
        "corrected": report.status == ErrorReport.Status.RESOLVED,
        "name": report.reporter.username if report.reporter else "",
        # Their own words are quoted back only to an address we know is theirs (a member's,
        # confirmed): an address typed in the form may be anyone's, and the site would mail
        # a stranger whatever text was typed next to it.
        "quote": bool(
            report.reporter
            and EmailAddress.objects.filter(
                user=report.reporter, email__iexact=report.answer_address, verified=True
            ).exists()
        ),
        "url": settings.SITE_URL + report.article.get_absolute_url(),
        "site_url": settings.SITE_URL,
    }
    try:
        with translation.override(settings.LANGUAGE_CODE):
            subject = (
                translation.gettext("Your report about “%(title)s”: corrected")
                if context["corrected"]
                else translation.gettext("Your report about “%(title)s”")
            ) % {"title": report.article.title}
            message = EmailMultiAlternatives(
                subject="[Causerie] " + subject,
                body=render_to_string("articles/email/report_closed.txt", context),
                to=[report.answer_address],
            )
            message.attach_alternative(
                render_to_string("articles/email/report_closed.html", context), "text/html"
            )
            message.send()
    except MAIL_ERRORS:
        logger.warning(
            "Could not send the answer to error report %s (attempt %d)",
            report_id,
            attempt,
            exc_info=True,
        )
        ErrorReport.objects.filter(pk=report_id).update(reader_emailed_at=None)
        if attempt >= settings.NOTIFICATION_EMAIL_ATTEMPTS:
            logger.error("Giving up on the answer to error report %s", report_id)
            return
        if default_task_backend.supports_defer:
            later = timezone.now() + timedelta(minutes=2**attempt)
            email_report_closed.using(run_after=later).enqueue(report_id, attempt=attempt + 1)
        else:  # the immediate backend: try again now
            email_report_closed.enqueue(report_id, attempt=attempt + 1)
