from django.urls import URLPattern, URLResolver, path

from masa.learning.views import delivery, programme, reports

app_name = "learning"

urlpatterns: list[URLPattern | URLResolver] = [
    # The programme and bookings (views/programme.py).
    path("training/", programme.catalogue, name="catalogue"),
    path("training/courses/<int:pk>/", programme.course_detail, name="course"),
    path("training/events/<int:pk>/", programme.event_detail, name="event"),
    path("training/events/<int:pk>/book/", programme.event_book, name="event-book"),
    path("training/my-bookings/", programme.my_bookings, name="my-bookings"),
    path("training/bookings/<int:pk>/", programme.booking_detail, name="booking"),
    path("training/bookings/<int:pk>/cancel/", programme.booking_cancel, name="booking-cancel"),
    path("training/bookings/<int:pk>/accept/", programme.booking_accept, name="booking-accept"),
    path(
        "training/bookings/<int:pk>/substitute/",
        programme.booking_substitute,
        name="booking-substitute",
    ),
    path("training/team/", programme.team_bookings, name="team"),
    path("training/bookings/<int:pk>/approve/", programme.booking_approve, name="booking-approve"),
    path("training/manage/", programme.manage, name="manage"),
    path("training/manage/courses/new/", programme.course_edit, name="course-new"),
    path("training/manage/courses/<int:pk>/", programme.course_edit, name="course-edit"),
    path("training/manage/courses/<int:pk>/events/new/", programme.event_new, name="event-new"),
    path("training/manage/trainers/", programme.trainer_pool, name="trainers"),
    path("training/manage/events/<int:pk>/cancel/", programme.event_cancel, name="event-cancel"),
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
