"""The addresses of the engagement log (namespace `engagement`)."""

from django.urls import URLPattern, URLResolver, path

from masa.engagement import views

app_name = "engagement"

urlpatterns: list[URLPattern | URLResolver] = [
    path("engagement/", views.log, name="log"),
    path("engagement/you-said-we-did/", views.you_said_we_did, name="you-said-we-did"),
    path("engagement/counts.csv", views.counts_csv, name="counts-csv"),
    path("engagement/new/", views.entry_new, name="entry-new"),
    path("engagement/<int:pk>/", views.entry, name="entry"),
    path("engagement/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("engagement/files/<int:pk>/", views.file_download, name="file"),
]
