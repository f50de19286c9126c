from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminUserCreationForm

from .models import Member


class MemberCreationForm(AdminUserCreationForm):
    """The admin's "add member" form, which also asks for the email address."""

    class Meta(AdminUserCreationForm.Meta):
        model = Member
        fields = ("username", "email")


class AccountForm(forms.ModelForm):
    """What a member edits about themselves on the account page (email and password have
    allauth's own pages, which re-verify and re-authenticate)."""

    class Meta:
        model = Member
        fields = ["website"]
        widgets = {"website": forms.URLInput(attrs={"placeholder": "https://"})}


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, with its honeypot hidden by our stylesheet rather than by an inline
    style, which our Content Security Policy blocks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)
        if honeypot:
            honeypot.widget.attrs.pop("style", None)
            honeypot.widget.attrs.update({"class": "honeypot", "aria-hidden": "true"})
