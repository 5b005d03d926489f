from django.urls import path

from masa.people import views

app_name = "people"

urlpatterns = [
    path("sign-in/reset/", views.password_reset, name="password-reset"),
    path("sign-in/reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path(
        "sign-in/reset/<str:uid>/<str:token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("people/<int:pk>/leave/", views.person_leave, name="person-leave"),
    path("people/<int:pk>/move/", views.person_move, name="person-move"),
    path("people/invite/", views.invitation_new, name="invitation-new"),
    path("people/invite/csv/", views.invitation_csv, name="invitation-csv"),
    path("sign-in/invitation/<str:token>/", views.invitation, name="invitation"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/new/", views.agency_new, name="agency-new"),
    path("agencies/<int:pk>/", views.agency_edit, name="agency-edit"),
]
