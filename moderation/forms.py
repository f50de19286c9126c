from django import forms
from django.utils.translation import gettext_lazy as _

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
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        help_text=_("Shown on the public moderation log."),
        error_messages={"required": _("A ban needs a reason.")},
    )
    until = forms.DateTimeField(
        label=_("Until"),
        required=False,
        help_text=_("Day and time the ban ends (DD/MM/YYYY HH:MM); empty: for good."),
    )
    field_order = ["reason", "until", "note"]


class EditTextForm(ReasonForm):
    """A moderator's change of a member's text, with its public reason."""

    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=_("Markdown, as the member wrote it. The earlier version stays in the history."),
    )
    field_order = ["body", "reason", "note"]
