"""The strategic plan, the list of priorities and each priority's page."""

from django.urls import URLPattern, URLResolver, path

from masa.plan import views

app_name = "plan"

urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/", views.plan, name="plan"),
    path("plan.docx", views.plan_docx, name="plan-docx"),
    path("plan/new/", views.plan_new, name="plan-new"),
    path("plan/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plan/<int:pk>/ambitions/new/", views.ambition_new, name="ambition-new"),
    path("plan/ambitions/<int:pk>/edit/", views.ambition_edit, name="ambition-edit"),
    path("plan/improvements/", views.improvements, name="improvements"),
    path("plan/improvements/new/", views.improvement_new, name="improvement-new"),
    path("plan/improvements/<int:pk>/edit/", views.improvement_edit, name="improvement-edit"),
    path("priorities/", views.priority_list, name="priorities"),
    path("priorities.csv", views.priority_list_csv, name="priorities-csv"),
    path("priorities.xlsx", views.priority_list_xlsx, name="priorities-xlsx"),
    path("plan/periods/<int:pk>/priorities/new/", views.priority_new, name="priority-new"),
    path("priorities/<int:pk>/", views.priority, name="priority"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/strategies/new/", views.strategy_new, name="strategy-new"),
    path("priorities/<int:pk>/progress/new/", views.progress_new, name="progress-new"),
    path("priorities/<int:pk>/actions/new/", views.action_new, name="action-new"),
]
