from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from comments import moderation
from comments import services as comment_services
from comments.admin import NoteForm, ReasonForm, ask_then_apply

from .forms import MemberCreationForm
from .models import Member, Rank


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
        super().delete_queryset(request, queryset)
        Member.objects.rerank()  # the ladder changed (bulk deletes skip Rank.delete())

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
        "username", "email", "rank", "message_count", "reputation", "banned", "is_active",
        "is_staff", "date_joined",
    ]  # fmt: skip
    list_select_related = ["rank"]
    list_filter = [
        BannedFilter,
        "is_active", "is_staff", VerifiedEmailFilter, "rank", "rank_override", "groups", "date_joined",
    ]  # fmt: skip
    readonly_fields = [
        "rank",
        "message_count",
        "reputation",
        "banned_until",
        "ban_reason",
        "comments_link",
    ]
    actions = ["ban", "unban", "hide_all_comments", "cancel_votes", "clear_rank_override"]
    search_fields = ["username", "email"]
    date_hierarchy = "date_joined"
    ordering = ["-date_joined"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Public profile"), {"fields": ["website", "bio", "avatar"]}),
        (
            _("Standing"),
            {"fields": ["rank", "rank_override", "message_count", "reputation", "comments_link"]},
        ),
        (_("Ban"), {"fields": ["banned_until", "ban_reason"]}),
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
        (
            _("Standing"),
            {"fields": ["rank", "rank_override", "message_count", "reputation", "comments_link"]},
        ),
        (_("Ban"), {"fields": ["banned_until", "ban_reason"]}),
    )

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        return fields if request.user.is_superuser else [f for f in fields if f != "email"]

    def get_search_fields(self, request):
        return self.search_fields if request.user.is_superuser else ["username"]

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
        # What goes with a member (votes, reads, reports) goes through delete_account, which puts
        # the counts right: no separate permission on those rows is needed.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        # The member's votes go with them: the counts, reputations and ranks they moved follow.
        comment_services.delete_account(obj, remove_comments=False)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            comment_services.delete_account(member, remove_comments=False)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return self.moderator_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += ["username", "date_joined", "last_login"]
        return fields

    def save_model(self, request, obj, form, change):
        if change and "rank_override" in form.changed_data:
            rank = form.cleaned_data["rank_override"]
            other = [f for f in form.changed_data if f != "rank_override"]
            if other:
                super().save_model(request, obj, form, change)
            moderation.give_rank(obj, request.user, rank)
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("banned"), boolean=True)
    def banned(self, member):
        return member.is_banned

    @admin.display(description=_("their comments"))
    def comments_link(self, member):
        url = reverse("admin:comments_comment_changelist") + f"?author__id__exact={member.pk}"
        return format_html(
            '<a href="{}">{}</a>', url, _("%(count)s messages") % {"count": member.message_count}
        )

    @admin.action(description=_("Ban (until a date or for good)"), permissions=["change"])
    def ban(self, request, queryset):
        return ask_then_apply(
            self, request, queryset, _("Ban members"),
            lambda m, data: moderation.ban(m, request.user, data["reason"], data["until"], data["note"]),
            form_class=BanForm,
        )  # fmt: skip

    @admin.action(description=_("Lift the ban"), permissions=["change"])
    def unban(self, request, queryset):
        return ask_then_apply(
            self, request, queryset, _("Lift bans"),
            lambda m, data: moderation.unban(m, request.user, data["note"]),
            form_class=NoteForm,
        )  # fmt: skip

    @admin.action(description=_("Hide all their comments"), permissions=["change"])
    def hide_all_comments(self, request, queryset):
        return ask_then_apply(
            self, request, queryset, _("Hide all the comments of these members"),
            lambda m, data: moderation.hide_all_comments(m, request.user, data["reason"], data["note"]),
        )  # fmt: skip

    @admin.action(description=_("Cancel their votes"), permissions=["change"])
    def cancel_votes(self, request, queryset):
        return ask_then_apply(
            self, request, queryset, _("Cancel the votes of these members"),
            lambda m, data: moderation.cancel_votes(m, request.user, data["note"]),
            form_class=NoteForm,
        )  # fmt: skip

    @admin.action(description=_("Clear the rank given by hand"), permissions=["change"])
    def clear_rank_override(self, request, queryset):
        members = list(queryset.exclude(rank_override=None))
        for member in members:
            moderation.give_rank(member, request.user, None)
        self.message_user(
            request, _("%d member(s) back on the ladder.") % len(members), messages.SUCCESS
        )


class BanForm(ReasonForm):
    reason = forms.CharField(
        label=_("Public reason"), max_length=300,
        help_text=_("Shown on the public moderation log."),
        error_messages={"required": _("A ban needs a reason.")},
    )  # fmt: skip
    until = forms.DateTimeField(
        label=_("Until"), required=False,
        help_text=_("Day and time the ban ends (DD/MM/YYYY HH:MM); empty: for good."),
    )  # fmt: skip
