import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_BODY_LENGTH, CommentReport


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_BODY_LENGTH}),
        help_text=_("Markdown: **bold**, *italics*, `code`, lists, > quotes, links."),
        error_messages={"required": _("Your message is empty.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # One-time token of this form: posting it twice makes one comment.
    token = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", secrets.token_urlsafe(16))


class EditForm(forms.Form):
    body = CommentForm.base_fields["body"]  # stripped; empty is "Votre message est vide."


class ReportForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = CommentReport.Reason.choices  # no "---------" radio
        self.fields["reason"].widget.attrs["data-autofocus"] = ""  # focus lands in the form

    class Meta:
        model = CommentReport
        fields = ["reason", "details"]
        labels = {
            "reason": _("Why should the moderators look at it?"),
            "details": _("Details (optional)"),
        }
        widgets = {
            "reason": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        }
