"""The addresses of multi-agency case audits."""

from django.urls import URLPattern, URLResolver, path

from masa.audits.views import case_audits, grades

app_name = "audits"

urlpatterns: list[URLPattern | URLResolver] = [
    path("audits/", case_audits.home, name="home"),
    path("audits/rounds/new/", case_audits.round_new, name="round-new"),
    path("audits/rounds/<int:pk>/", case_audits.round_detail, name="round"),
    path("audits/rounds/<int:pk>/report/", case_audits.round_report, name="round-report"),
    path(
        "audits/rounds/<int:pk>/report.docx",
        case_audits.round_report_docx,
        name="round-report-docx",
    ),
    path("audits/rounds/<int:pk>/close/", case_audits.round_close, name="round-close"),
    path(
        "audits/rounds/<int:pk>/questions/new/",
        case_audits.round_question_new,
        name="round-question-new",
    ),
    path("audits/rounds/<int:pk>/cases/new/", case_audits.case_new, name="case-new"),
    path("audits/tool/", case_audits.tool, name="tool"),
    path("audits/cases/<int:pk>/", case_audits.case_detail, name="case"),
    path("audits/cases/<int:pk>/grade/", case_audits.case_grade, name="case-grade"),
    path("audits/cases/<int:pk>/concerns/new/", case_audits.concern_new, name="concern-new"),
    path("audits/cases/<int:pk>/actions/new/", case_audits.action_new, name="action-new"),
    path("audits/agency/", case_audits.agency, name="agency"),
    path("audits/agency/<int:pk>/", case_audits.agency_audit, name="agency-audit"),
    path("audits/concerns/<int:pk>/", case_audits.concern_answer, name="concern-answer"),
    path("audits/good-practice/", case_audits.good_practice_bank, name="good-practice"),
    path("audits/grades/", grades.grades, name="grades"),
    path("audits/grades.csv", grades.grades_csv, name="grades-csv"),
    path("audits/grades.xlsx", grades.grades_xlsx, name="grades-xlsx"),
    path("audits/grades/import/", grades.grades_import, name="grades-import"),
]
