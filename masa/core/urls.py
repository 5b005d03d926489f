from django.urls import path

from masa.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/two-factor/", views.two_factor, name="two-factor"),
    path("sign-in/two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("kept/", views.kept_form, name="kept"),
    path("sign-out/timed-out/", views.timed_out, name="timed-out"),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path("partnership/switch/", views.switch_partnership, name="switch-partnership"),
    path("menu/<slug:section>/", views.menu_section, name="menu"),
    path("people/", views.people_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/access/", views.membership_edit, name="membership-edit"),
    path("settings/", views.partnership_settings_view, name="settings"),
    path("settings/timescales/", views.timescale_list, name="timescales"),
    path("settings/timescales/<slug:code>/", views.timescale_edit, name="timescale-edit"),
    path("emails/", views.notification_list, name="notifications"),
    path("emails/<int:pk>/", views.notification_detail, name="notification"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit-export"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("healthz", views.healthz, name="healthz"),
]
