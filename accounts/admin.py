from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .forms import MemberCreationForm
from .models import Member, Rank


class VerifiedEmailFilter(admin.SimpleListFilter):
    title = _("verified email")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        if self.value() == "yes":
            return queryset.filter(Exists(verified))
        if self.value() == "no":
            return queryset.exclude(Exists(verified))
        return queryset


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "position",
        "min_messages",
        "min_reputation",
        "is_staff_rank",
        "privileges",
    ]
    list_editable = ["position", "min_messages", "min_reputation"]
    list_filter = ["is_staff_rank"]
    search_fields = ["name"]


@admin.register(Member)
class MemberAdmin(UserAdmin):
    list_display = [
        "username", "email", "rank", "message_count", "reputation", "is_active", "is_staff",
        "date_joined",
    ]  # fmt: skip
    list_select_related = ["rank"]
    list_filter = [
        "is_active", "is_staff", VerifiedEmailFilter, "rank", "rank_override", "groups", "date_joined",
    ]  # fmt: skip
    readonly_fields = ["rank", "message_count", "reputation"]
    actions = ["clear_rank_override"]
    search_fields = ["username", "email"]
    date_hierarchy = "date_joined"
    ordering = ["-date_joined"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Public profile"), {"fields": ["website", "bio", "avatar"]}),
        (_("Standing"), {"fields": ["rank", "rank_override", "message_count", "reputation"]}),
    )
    add_form = MemberCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "email", "usable_password", "password1", "password2"],
            },
        ),
    )

    @admin.action(description=_("Clear the rank given by hand"), permissions=["change"])
    def clear_rank_override(self, request, queryset):
        count = queryset.exclude(rank_override=None).update(rank_override=None)
        queryset.rerank()
        self.message_user(request, _("%d member(s) back on the ladder.") % count, messages.SUCCESS)
