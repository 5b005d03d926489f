from django.urls import URLPattern, URLResolver, path

from masa.insight.views import census, dashboards, returns

app_name = "insight"

urlpatterns: list[URLPattern | URLResolver] = [
    # Dashboards, the scorecard and exceptions (views/dashboards.py).
    path("insight/", dashboards.index, name="dashboards"),
    path("insight/scorecard/", dashboards.scorecard, name="scorecard"),
    path("insight/functions/<slug:function>/", dashboards.function, name="function"),
    path("insight/priorities/<slug:slug>/", dashboards.priority, name="priority"),
    path("insight/indicators/<str:code>/", dashboards.indicator, name="indicator"),
    path("insight/indicators/<str:code>/chart.svg", dashboards.indicator_chart, name="chart"),
    path("insight/exceptions/", dashboards.exceptions, name="exceptions"),
    # The catalogue, returns, completeness and comparators (views/returns.py).
    path("insight/catalogue/", returns.catalogue, name="catalogue"),
    path("insight/returns/", returns.return_list, name="returns"),
    path("insight/returns/start/", returns.return_start, name="return-start"),
    path("insight/returns/<int:pk>/", returns.return_edit, name="return"),
    path("insight/returns/<int:pk>/check/", returns.return_check, name="return-check"),
    path("insight/returns/<int:pk>/history/", returns.return_history, name="return-history"),
    path("insight/returns/<int:pk>/template.xlsx", returns.return_template, name="return-template"),
    path("insight/returns/<int:pk>/upload/", returns.return_upload, name="return-upload"),
    path("insight/completeness/", returns.completeness, name="completeness"),
    path(
        "insight/completeness/<int:agency_pk>/remind/",
        returns.completeness_remind,
        name="completeness-remind",
    ),
    path("insight/comparators/import/", returns.comparators_import, name="comparators-import"),
    # The Children in Need census (views/census.py).
    path("insight/census/", census.census_list, name="censuses"),
    path("insight/census/upload/", census.census_upload, name="census-upload"),
    path("insight/census/<int:pk>/", census.census_detail, name="census"),
]
