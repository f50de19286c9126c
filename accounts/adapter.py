from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.contrib import messages
from django.shortcuts import redirect


class AccountAdapter(DefaultAccountAdapter):
    """Banned members stay out whatever the way in: the log-in form, a password reset that logs
    in, an email confirmation."""

    def pre_login(self, request, user, **kwargs):
        if getattr(user, "is_banned", False):
            clear_login(request)
            messages.error(request, user.ban_message())
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)
