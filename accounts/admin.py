from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import MemberCreationForm
from .models import Member, Rank


class PrivateLookups:
    """Members' addresses and who reported whom are for the administrators: for everyone else
    (moderators, editors) the admin refuses filters on them in the address (``?email__startswith=``
    would let anyone guess an address letter by letter, ``?reporter=`` list one member's
    reports) and leaves them out of the search."""

    PRIVATE = ("email", "password", "reporter")

    def _is_private(self, path: str) -> bool:
        return any(word in part for part in path.split("__") for word in self.PRIVATE)

    def lookup_allowed(self, lookup, value, request):
        if not request.user.is_superuser and self._is_private(lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if request.user.is_superuser:
            return fields
        return [field for field in fields if not self._is_private(field.lstrip("=^@"))]


class BannedFilter(admin.SimpleListFilter):
    title = _("banned")
    parameter_name = "banned"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        banned = Q(banned_until__gt=timezone.now())
        if self.value() == "yes":
            return queryset.filter(banned)
        if self.value() == "no":
            return queryset.exclude(banned)
        return queryset


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
    def delete_queryset(self, request, queryset):
        for rank in queryset:  # one by one: Rank.delete() reranks everyone and says so
            rank.delete()

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
class MemberAdmin(PrivateLookups, UserAdmin):
    """Members, as the administrators see them. The moderation app extends it with the
    moderators' decisions (ban, hide, cancel votes, rank) and registers the extended admin."""

    list_display = [
        "username",
        "email",
        "rank",
        "message_count",
        "reputation",
        "banned",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    list_select_related = ["rank"]
    list_filter = [
        BannedFilter,
        "is_active",
        "is_staff",
        VerifiedEmailFilter,
        "rank",
        "rank_override",
        "groups",
        "date_joined",
    ]
    readonly_fields = ["rank", "message_count", "reputation", "banned", "ban_reason"]
    search_fields = ["username", "email"]
    date_hierarchy = "date_joined"
    ordering = ["-date_joined"]
    standing_fields = ["rank", "rank_override", "message_count", "reputation"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Public profile"), {"fields": ["website", "bio", "avatar"]}),
        (_("Standing"), {"fields": standing_fields}),
        (_("Ban"), {"fields": ["banned", "ban_reason"]}),
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

    # Moderators (not superusers) see and change only what moderation needs.
    moderator_fieldsets = (
        (None, {"fields": ["username", "date_joined", "last_login"]}),
        (_("Standing"), {"fields": standing_fields}),
        (_("Ban"), {"fields": ["banned", "ban_reason"]}),
    )

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        return fields if request.user.is_superuser else [f for f in fields if f != "email"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rank_override" and not request.user.is_superuser:
            kwargs["queryset"] = Rank.objects.filter(is_staff_rank=False)  # staff ranks: superusers
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Staff accounts are the superusers' to change (their password page included).
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied(_("Only an administrator can set a member's password."))
        return super().user_change_password(request, id, form_url)

    def get_deleted_objects(self, objs, request):
        # What goes with a member (votes, reads, reports) is put right by the apps that own it
        # when the member is deleted: no separate permission on those rows is needed.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_queryset(self, request, queryset):
        for member in queryset:  # one by one: each deletion puts right what the member moved
            member.delete()

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return self.moderator_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += ["username", "date_joined", "last_login"]
        return fields

    @admin.display(description=_("ban"), ordering="banned_until")
    def banned(self, member):
        return member.ban_label()
