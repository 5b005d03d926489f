from django.urls import include, path

from masa.core.admin import admin_site

urlpatterns = [
    path("admin/", admin_site.urls),
    path("", include("masa.frontdoor.urls")),
    path("", include("masa.learning.urls")),
    path("", include("masa.insight.urls")),
    path("", include("masa.reviews.urls")),
    path("", include("masa.actions.urls")),
    path("", include("masa.people.urls")),
    path("", include("masa.governance.urls")),
    path("", include("masa.finance.urls")),
    path("", include("masa.plan.urls")),
    path("", include("masa.engagement.urls")),
    path("", include("masa.audits.urls")),
    path("", include("masa.core.urls")),
]

handler400 = "masa.core.views.bad_request"
handler403 = "masa.core.views.permission_denied"
handler404 = "masa.core.views.page_not_found"
handler500 = "masa.core.views.server_error"
