import secrets

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.cache import remembered

from .models import MAX_BODY_LENGTH, Comment

# Where an empty form's one-time token and CSRF token go (blank_form_html).
_TOKEN, _CSRF = "\x00t\x00", "\x00c\x00"


class CommentForm(forms.Form):
    """A new comment under ``article``, or a reply: the parent is checked here (a comment of the
    same article, still shown) so that the view and the service never restate it."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY_LENGTH,
        # data-mentions: where static/js/causerie.js asks for the names that complete "@…".
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "data-mentions": reverse_lazy("accounts:suggestions"),
                "data-mentions-label": _("Members"),
            }
        ),
        help_text=_(
            "Markdown: **bold**, *italics*, `code`, lists, > quotes, links; @pseudo notifies "
            "a member."
        ),
        error_messages={"required": _("Your message is empty.")},
    )
    parent = forms.ModelChoiceField(
        queryset=Comment.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("The comment you are replying to does not exist.")},
    )
    # One-time token of this form: posting it twice makes one comment.
    token = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, article, parent: Comment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["parent"].queryset = article.comments.select_related("author")
        if not self.is_bound:
            self.initial.setdefault("token", secrets.token_urlsafe(16))
            if parent is not None:
                self.initial["parent"] = parent.pk
        self.replying_to = parent if not self.is_bound else self._parent_from_data()
        if self.replying_to is not None:
            self.auto_id = f"id_%s-{self.replying_to.pk}"  # several reply forms on one page
            self.fields["body"].widget.attrs.update(rows=4, autofocus=True)

    def _parent_from_data(self) -> Comment | None:
        """The comment answered, known even when the text is refused, so that the refusal
        comes back under it rather than as a new top-level comment."""
        try:
            return self.fields["parent"].clean(self["parent"].value())
        except forms.ValidationError:
            return None

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent is not None and not parent.can_be_answered():
            raise forms.ValidationError(
                _("This comment has been removed: it can no longer be answered.")
            )
        return parent

    def full_clean(self):
        super().full_clean()
        if self.errors.get("body"):
            self.fields["body"].widget.attrs["autofocus"] = True


class EditForm(forms.Form):
    body = CommentForm.base_fields["body"]  # stripped; empty is "Votre message est vide."

    def __init__(self, *args, comment: Comment, **kwargs):
        kwargs.setdefault("auto_id", f"edit-{comment.pk}-%s")
        kwargs.setdefault("initial", {"body": comment.body})
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["autofocus"] = True


def blank_form_html(article, *, token: str, csrf_token: str, oob: bool = False) -> SafeString:
    """The empty comment form of ``article`` (``oob``: to replace the one on the page, after a
    post), with its one-time ``token`` and the page's ``csrf_token``: rendered once per
    process and article (accounts.cache.remembered), the tokens put in each time. Through the
    form's templates, field by field, it cost 1.3 ms each time."""
    html = remembered(
        f"comment-form:{article.pk}:{article.slug}:{oob}",
        lambda: render_to_string(
            "comments/_form.html",
            {
                "article": article,
                "form": CommentForm(article=article, initial={"token": _TOKEN}),
                "oob": oob,
                "csrf_token": _CSRF,
            },
        ),
    )
    return mark_safe(  # noqa: S308 - our own rendering; the tokens escaped
        html.replace(_TOKEN, escape(token)).replace(_CSRF, escape(csrf_token))
    )
