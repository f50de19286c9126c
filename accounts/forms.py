from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from .avatars import process_avatar
from .models import Member


class MemberCreationForm(AdminUserCreationForm):
    """The admin's "add member" form, which also asks for the email address."""

    class Meta(AdminUserCreationForm.Meta):
        model = Member
        fields = ("username", "email")


class ProfileForm(forms.ModelForm):
    """What a member edits about themselves (email and password have allauth's own pages, which
    re-verify and re-authenticate)."""

    new_avatar = forms.FileField(
        label=_("New avatar"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP, 10 MB at most (a phone's photo will do); it is cropped square."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    class Meta:
        model = Member
        fields = ["website", "bio"]
        widgets = {
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
            "bio": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }

    # The website is accepted from newcomers too: it is one link, the member's own, shown
    # beside their messages with rel="ugc nofollow noopener" (no search engine follows it), and
    # its field asks for an address that the link rule would then refuse.

    def clean_bio(self):
        bio = self.cleaned_data["bio"]
        self.instance.check_links(bio)
        return bio

    def clean_new_avatar(self):
        upload = self.cleaned_data.get("new_avatar")
        if upload:
            self.avatar_files = process_avatar(upload)
        return upload

    def save(self, commit=True):
        member = super().save(commit=False)
        if self.cleaned_data.get("remove_avatar") or getattr(self, "avatar_files", None):
            member.avatar.delete(save=False)
            member.avatar_small.delete(save=False)
        for field, content in getattr(self, "avatar_files", {}).items():
            getattr(member, field).save(content.name, content, save=False)
        if commit:
            member.save()
        return member


class DeleteAccountForm(forms.Form):
    KEEP, REMOVE = "keep", "remove"
    comments = forms.ChoiceField(
        label=_("Your comments"),
        choices=[
            (KEEP, _("Keep them, signed “deleted member”")),
            (
                REMOVE,
                _("Remove them (replies keep their place under “Message deleted by its author”)"),
            ),
        ],
        widget=forms.RadioSelect,
        initial=KEEP,
    )
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean(self):
        if self.member.articles.exists():
            raise forms.ValidationError(
                _("You have written articles: ask the site's managers to delete your account.")
            )
        return super().clean()


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, with its honeypot hidden by our stylesheet rather than by an inline
    style, which our Content Security Policy blocks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)
        if honeypot:
            honeypot.widget.attrs.pop("style", None)
            honeypot.widget.attrs.update({"class": "honeypot", "aria-hidden": "true"})


class LoginForm(AllauthLoginForm):
    """allauth's log-in form, which also refuses banned members, saying until when and why
    (only once the password has proved who is asking)."""

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "user", None)
        if user is not None and user.is_banned:
            self.user = None
            raise forms.ValidationError(user.ban_message(), code="banned")
        return cleaned_data
