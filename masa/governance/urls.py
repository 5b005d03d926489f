"""The addresses of governance: groups, meetings, reports. Other sub-areas (risks,
escalation, scrutiny) add theirs to `urlpatterns` below."""

from django.urls import URLPattern, URLResolver, path

from masa.governance.views import calendar, decisions, groups, highlights, meetings, reports

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("governance/", groups.structure, name="groups"),
    path("governance/groups/new/", groups.group_new, name="group-new"),
    path("governance/groups/<int:pk>/", groups.group_detail, name="group"),
    path("governance/groups/<int:pk>/edit/", groups.group_edit, name="group-edit"),
    path("governance/groups/<int:pk>/members/new/", groups.member_new, name="member-new"),
    path("governance/groups/<int:pk>/terms/new/", groups.terms_new, name="terms-new"),
    path("governance/terms/<int:pk>/", groups.terms_download, name="terms"),
    path("governance/members/<int:pk>/confirm/", groups.member_confirm, name="member-confirm"),
    path("governance/members/<int:pk>/leave/", groups.member_leave, name="member-leave"),
    path("governance/groups/<int:pk>/meetings/new/", meetings.meeting_new, name="meeting-new"),
    path("governance/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("governance/meetings/<int:pk>/meeting.ics", calendar.meeting_ics, name="meeting-ics"),
    path("governance/meetings/<int:pk>/items/new/", meetings.item_new, name="item-new"),
    path("governance/meetings/<int:pk>/papers/new/", meetings.paper_new, name="paper-new"),
    path(
        "governance/meetings/<int:pk>/papers/publish/",
        meetings.papers_publish,
        name="papers-publish",
    ),
    path("governance/meetings/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("governance/meetings/<int:pk>/decisions/new/", meetings.decision_new, name="decision-new"),
    path("governance/meetings/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path(
        "governance/meetings/<int:pk>/minutes/approve/",
        meetings.minutes_approve,
        name="minutes-approve",
    ),
    path("governance/meetings/<int:pk>/actions/new/", meetings.action_new, name="action-new"),
    path("governance/attendance/", reports.attendance_report, name="attendance"),
    path("governance/attendance.csv", reports.attendance_csv, name="attendance-csv"),
    path("governance/attendance.xlsx", reports.attendance_xlsx, name="attendance-xlsx"),
    path("governance/attendance/threshold/", reports.threshold, name="threshold"),
    path("governance/decisions/", decisions.decision_log, name="decisions"),
    path("governance/decisions.csv", decisions.decision_log_csv, name="decisions-csv"),
    path("governance/decisions.xlsx", decisions.decision_log_xlsx, name="decisions-xlsx"),
    path("governance/my-meetings/", calendar.my_meetings, name="my-meetings"),
    path("governance/my-meetings/feed/new/", calendar.feed_renew, name="feed-renew"),
    path("governance/my-meetings/feed/stop/", calendar.feed_stop, name="feed-stop"),
    path("governance/calendar/<str:token>.ics", calendar.feed, name="feed"),
    path(
        "governance/groups/<int:pk>/highlights/new/", highlights.highlight_new, name="highlight-new"
    ),
    path("governance/highlights/<int:pk>/", highlights.highlight_detail, name="highlight"),
    path("governance/highlights/<int:pk>/edit/", highlights.highlight_edit, name="highlight-edit"),
    path("governance/highlights/<int:pk>/send/", highlights.highlight_send, name="highlight-send"),
    path(
        "governance/highlights/<int:pk>/report.docx",
        highlights.highlight_docx,
        name="highlight-docx",
    ),
    path("governance/papers/<int:pk>/", meetings.paper_download, name="paper"),
]

from masa.governance import urls_risks  # noqa: E402 - the risk register, escalation, scrutiny

urlpatterns += urls_risks.urlpatterns
