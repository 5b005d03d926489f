"""The addresses of the money pages (namespace `finance`)."""

from django.urls import URLPattern, URLResolver, path

from masa.finance import views

app_name = "finance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("money/", views.summary, name="summary"),
    path("money/summary.xlsx", views.summary_xlsx, name="summary-xlsx"),
    path("money/summary.csv", views.summary_csv, name="summary-csv"),
    path("money/import/", views.import_file, name="import"),
    path("money/in-kind/new/", views.in_kind_new, name="in-kind-new"),
    path("money/reserve/", views.reserve_edit, name="reserve"),
    path("money/contributions/<int:pk>/", views.contribution_dates, name="contribution"),
    path("money/lines/new/", views.category_new, name="category-new"),
]
