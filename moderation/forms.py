from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import BAN_FOREVER
from comments.models import MAX_BODY_LENGTH

from .models import CommentReport


class ReportForm(forms.ModelForm):
    """A member's report of a comment, for the moderators."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = CommentReport.Reason.choices  # no "---------" radio
        self.fields["reason"].widget.attrs["autofocus"] = True  # focus lands in the form

    class Meta:
        model = CommentReport
        fields = ["reason", "details"]
        labels = {
            "reason": _("Why should the moderators look at it?"),
            "details": _("Details (optional)"),
        }
        widgets = {
            "reason": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 3}),
        }


class NoteForm(forms.Form):
    """What a decision without a public reason asks for: a note for the other moderators."""

    note = forms.CharField(
        label=_("Private note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only moderators read it."),
    )


class ReasonForm(NoteForm):
    """What a decision shown on the public log asks for: its public reason, and a note."""

    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        help_text=_("Shown on the public moderation log."),
        error_messages={"required": _("Give a reason: it is shown on the public moderation log.")},
    )
    field_order = ["reason", "note"]


class BanForm(ReasonForm):
    """A ban: its length chosen among the usual ones, or an end picked in a calendar, or for
    good, always chosen explicitly (an empty field never means for ever). With ``preview``
    (from services.withdrawal_preview), it also offers to hide the member's comments and
    resolve the reports on them in the same step, saying how many."""

    DURATIONS = {"1d": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
    UNTIL, FOREVER = "until", "forever"
    DATETIME_LOCAL = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends

    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        help_text=_("Shown on the public moderation log, and to the member."),
        error_messages={"required": _("A ban needs a reason.")},
    )
    duration = forms.ChoiceField(
        label=_("For how long"),
        choices=[
            ("1d", _("24 hours")),
            ("7d", _("7 days")),
            ("30d", _("30 days")),
            (UNTIL, _("Until a date…")),
            (FOREVER, _("For good")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the ban lasts.")},
    )
    until = forms.DateTimeField(
        label=_("End of the ban"),
        required=False,
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=_("With “Until a date…”: the day and time the ban ends."),
    )
    withdraw = forms.BooleanField(label="", required=False)
    field_order = ["reason", "duration", "until", "withdraw", "note"]

    def __init__(self, *args, preview: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].widget.attrs["min"] = timezone.localtime().strftime(
            self.DATETIME_LOCAL
        )
        if preview is None:
            del self.fields["withdraw"]
            return
        self.fields["withdraw"].label = _(
            "Also hide their comments and resolve the reports on them"
        )
        self.fields["withdraw"].help_text = _(
            "What it will touch: %(comments)s to hide, %(reports)s to resolve."
        ) % {
            "comments": ngettext(
                "%(count)d visible comment", "%(count)d visible comments", preview["comments"]
            )
            % {"count": preview["comments"]},
            "reports": ngettext(
                "%(count)d open report", "%(count)d open reports", preview["reports"]
            )
            % {"count": preview["reports"]},
        }

    def clean(self):
        data = super().clean()
        duration, until = data.get("duration"), data.get("until")
        if duration == self.UNTIL:
            if until is None:
                self.add_error("until", _("Pick the day and time the ban ends."))
            elif until <= timezone.now():
                self.add_error("until", _("The end of the ban must be in the future."))
        elif duration == self.FOREVER:
            data["until"] = BAN_FOREVER
        elif duration in self.DURATIONS:
            data["until"] = timezone.now() + self.DURATIONS[duration]
        return data


class EditTextForm(ReasonForm):
    """A moderator's change of a member's text, with its public reason."""

    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=_("Markdown, as the member wrote it. The earlier version stays in the history."),
    )
    field_order = ["body", "reason", "note"]
