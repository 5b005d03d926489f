"""The addresses of actions, kept as they were when actions lived in reviews (so
bookmarks and the menu keep working); the names are in the `actions` namespace."""

from django.urls import URLPattern, URLResolver, path

from masa.actions import views

app_name = "actions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("recommendations/<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("action-plan/", views.action_plan, name="action-plan"),
    path("action-plan/reviews/", views.action_plan_reviews, name="action-plan-reviews"),
    path("action-plan.xlsx", views.action_plan_xlsx, name="action-plan-xlsx"),
    path("action-plan.docx", views.action_plan_docx, name="action-plan-docx"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/update/", views.action_update, name="action-update"),
    path("actions/<int:pk>/close/", views.action_close, name="action-close"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/accept/", views.evidence_accept, name="evidence-accept"),
]
