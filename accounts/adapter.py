from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.account.utils import get_next_redirect_url, passthrough_next_redirect_url
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class AccountAdapter(DefaultAccountAdapter):
    """Banned members stay out whatever the way in: the log-in form, a password reset that logs
    in, an email confirmation. A newcomer's `next` (the article or the reply they signed up from)
    travels through "check your email" and the emailed link."""

    def pre_login(self, request, user, **kwargs):
        if getattr(user, "is_banned", False):
            return self._refuse_banned(request, user)
        return super().pre_login(request, user, **kwargs)

    def login(self, request, user):
        # A log-in that resumes after its stages (confirming the address logs in) does not pass
        # through pre_login again: a newcomer banned meanwhile stays out here.
        if getattr(user, "is_banned", False):
            raise ImmediateHttpResponse(self._refuse_banned(request, user))
        super().login(request, user)

    def _refuse_banned(self, request, user):
        clear_login(request)
        messages.error(request, user.ban_message())
        return redirect("account_login")

    def respond_email_verification_sent(self, request, user):
        """The "check your email" page keeps the `next` (allauth checks that it is on this site)
        for its "send the email again" button."""
        return HttpResponseRedirect(
            passthrough_next_redirect_url(
                request, reverse("account_email_verification_sent"), "next"
            )
        )

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The emailed link carries the `next` of the sign-up, as the `next` of the log-in page:
        confirming in the browser that signed up logs in and goes to `next` (allauth keeps the
        pending log-in in the session), while confirming elsewhere, or too late, leads to the
        log-in page and on to `next`. Without a `next` the link is allauth's."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = get_next_redirect_url(request) if request is not None else None
        if next_url:
            login_url = f"{reverse('account_login')}?{urlencode({'next': next_url})}"
            url = f"{url}{'&' if '?' in url else '?'}{urlencode({'next': login_url})}"
        return url
