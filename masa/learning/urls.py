from django.urls import URLPattern, URLResolver, path

from masa.learning.views import bookings, catalogue, delivery, management, reports, team

app_name = "learning"

urlpatterns: list[URLPattern | URLResolver] = [
    # The programme, bookings, a line manager's team and running the programme
    # (views/catalogue.py, bookings.py, team.py, management.py).
    path("training/", catalogue.catalogue, name="catalogue"),
    path("training/courses/<int:pk>/", catalogue.course_detail, name="course"),
    path("training/events/<int:pk>/", catalogue.event_detail, name="event"),
    path("training/events/<int:pk>/book/", catalogue.event_book, name="event-book"),
    path("training/my-bookings/", bookings.my_bookings, name="my-bookings"),
    path("training/bookings/<int:pk>/", bookings.booking_detail, name="booking"),
    path("training/bookings/<int:pk>/cancel/", bookings.booking_cancel, name="booking-cancel"),
    path("training/bookings/<int:pk>/accept/", bookings.booking_accept, name="booking-accept"),
    path(
        "training/bookings/<int:pk>/substitute/",
        bookings.booking_substitute,
        name="booking-substitute",
    ),
    path("training/team/", team.team_bookings, name="team"),
    path("training/bookings/<int:pk>/approve/", team.booking_approve, name="booking-approve"),
    path("training/manage/", management.manage, name="manage"),
    path("training/manage/courses/new/", management.course_edit, name="course-new"),
    path("training/manage/courses/<int:pk>/", management.course_edit, name="course-edit"),
    path("training/manage/courses/<int:pk>/events/new/", management.event_new, name="event-new"),
    path("training/manage/trainers/", management.trainer_pool, name="trainers"),
    path("training/manage/events/<int:pk>/cancel/", management.event_cancel, name="event-cancel"),
    # Delivery: registers, imports, evaluations, certificates (views/delivery.py).
    path("training/my-events/", delivery.my_events, name="my-events"),
    path("training/events/<int:pk>/register/", delivery.register, name="register"),
    path(
        "training/events/<int:pk>/attendance-import/",
        delivery.attendance_import,
        name="attendance-import",
    ),
    path(
        "training/manage/completions-import/",
        delivery.completions_import,
        name="completions-import",
    ),
    path("training/courses/<int:pk>/recording/", delivery.recording, name="recording"),
    path(
        "training/bookings/<int:pk>/evaluation/<slug:stage>/",
        delivery.evaluation,
        name="evaluation",
    ),
    path(
        "training/bookings/<int:pk>/evaluation/six_months/line-manager/",
        delivery.evaluation_manager,
        name="evaluation-manager",
    ),
    path("training/bookings/<int:pk>/certificate.pdf", delivery.certificate, name="certificate"),
    # Reports and training needs (views/reports.py).
    path("training/reports/", reports.reports, name="reports"),
    path("training/reports.xlsx", reports.reports_xlsx, name="reports-xlsx"),
    path("training/needs/", reports.needs, name="needs"),
    path("training/needs/<int:year>/", reports.needs_respond, name="needs-respond"),
]
