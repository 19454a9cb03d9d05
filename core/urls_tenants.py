"""URLs of every region host: health, Wagtail admin and documents, portal endpoints, then the
page tree."""

from django.conf import settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from tenants.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("graphql/", include("api.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include("core.identity.urls_portal")),  # 个人中心, sign-in (统一身份认证)
    # Portal endpoints outside the page tree (suggestions); cms is a higher layer: by string.
    path("", include("cms.urls")),
    path("", include("cms.case_urls")),  # 网上办件: apply, progress, 我的办件
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page URLs, its serve view behind the portal's route map (cms.routing).
urlpatterns += [path("", include("cms.page_urls"))]
