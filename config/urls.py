from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language

from accounts.health import health

# The admin's login goes through allauth's rate limits instead of being left open to guessing.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Causerie"
admin.site.site_title = "Causerie"

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    path("", include("moderation.urls")),
    path("", include("accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("langue/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("sante/", health, name="health"),  # for load balancers: config/deploy/
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("img/favicon.svg"))),
]

if settings.BENCH_CEILING_BYTES:
    from comments.bench import ceiling

    urlpatterns.append(path("__bench__/plafond/", ceiling))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
