from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ErrorReport


class ErrorReportForm(forms.ModelForm):
    """A reader's report of a mistake; anonymous readers may leave an address for the answer."""

    class Meta:
        model = ErrorReport
        fields = ["message", "email"]
        labels = {
            "message": _("What is wrong?"),
            "email": _("Your email address (optional)"),
        }
        help_texts = {
            "email": _("Only if you would like an answer. It is never shown."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 10_000})}

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None and member.is_authenticated:
            del self.fields["email"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the news"), max_length=200, required=False)
