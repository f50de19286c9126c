from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts import markdown

register = template.Library()


@register.filter
def dated(value) -> str:
    """ "Le 14/06/2025 à 15:24", in the reader's language and the site's time zone."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return _("On %(date)s at %(time)s") % {
        "date": date_format(value, "d/m/Y"),
        "time": date_format(value, "G:i"),
    }


@register.simple_tag
def contact_email() -> str:
    """Where readers write to a person (the CONTACT_EMAIL setting)."""
    return settings.CONTACT_EMAIL


@register.filter
def plain_text(html: str) -> str:
    """A rendered text as the words a reader sees (accounts.markdown.plain_text), for an
    excerpt: the template escapes it (``striptags`` kept its entities, escaped twice)."""
    return markdown.plain_text(html)


@register.filter
def absolute_links(html: str) -> str:
    """Sanitized HTML (a rendered text) with the addresses of its links on this site made whole,
    for an email: a mention's "/membres/42/" read in a mail client goes nowhere."""
    return mark_safe(str(html).replace('href="/', f'href="{settings.SITE_URL.rstrip("/")}/'))  # noqa: S308 -- sanitized by nh3 when rendered
