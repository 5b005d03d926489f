from django.urls import URLPattern, URLResolver, path

from masa.frontdoor.views import checks, contacts, emarf, figures, mash

app_name = "frontdoor"

urlpatterns: list[URLPattern | URLResolver] = [
    # The eMARF: practitioners' referrals.
    path("referrals/", emarf.referral_list, name="referrals"),
    path("referrals/new/", emarf.referral_new, name="referral-new"),
    path("referrals/<int:pk>/", emarf.referral_detail, name="referral"),
    path("referrals/<int:pk>/delete/", emarf.referral_delete, name="referral-delete"),
    path("referrals/<int:pk>/urgency/", emarf.section, {"section": "urgency"}, name="urgency"),
    path("referrals/<int:pk>/children/", emarf.item_list, {"section": "children"}, name="children"),
    path(
        "referrals/<int:pk>/children/add/",
        emarf.item_edit,
        {"section": "children"},
        name="child-add",
    ),
    path(
        "referrals/<int:pk>/children/<int:index>/",
        emarf.item_edit,
        {"section": "children"},
        name="child-edit",
    ),
    path(
        "referrals/<int:pk>/children/<int:index>/remove/",
        emarf.item_remove,
        {"section": "children"},
        name="child-remove",
    ),
    path(
        "referrals/<int:pk>/household/", emarf.item_list, {"section": "household"}, name="household"
    ),
    path(
        "referrals/<int:pk>/household/add/",
        emarf.item_edit,
        {"section": "household"},
        name="household-add",
    ),
    path(
        "referrals/<int:pk>/household/<int:index>/",
        emarf.item_edit,
        {"section": "household"},
        name="household-edit",
    ),
    path(
        "referrals/<int:pk>/household/<int:index>/remove/",
        emarf.item_remove,
        {"section": "household"},
        name="household-remove",
    ),
    path("referrals/<int:pk>/referrer/", emarf.section, {"section": "referrer"}, name="referrer"),
    path("referrals/<int:pk>/concern/", emarf.section, {"section": "concern"}, name="concern"),
    path("referrals/<int:pk>/consent/", emarf.section, {"section": "consent"}, name="consent"),
    path("referrals/<int:pk>/dash/", emarf.section, {"section": "dash"}, name="dash"),
    path("referrals/<int:pk>/check/", emarf.check_answers, name="check"),
    path("referrals/<int:pk>/sent/", emarf.sent, name="sent"),
    # The MASH.
    path("mash/", mash.queue, name="queue"),
    path("mash/exploitation/", mash.exploitation, name="exploitation"),
    path("mash/contacts/<int:pk>/", contacts.contact_detail, name="contact"),
    path("mash/contacts/<int:pk>/start/", contacts.contact_start, name="contact-start"),
    path("mash/contacts/<int:pk>/rating/", contacts.contact_rate, name="contact-rate"),
    path("mash/contacts/<int:pk>/child/", contacts.contact_link, name="contact-link"),
    path("mash/contacts/<int:pk>/checks/new/", checks.check_request, name="check-request"),
    path("mash/checks/<int:pk>/withdraw/", checks.check_withdraw, name="check-withdraw"),
    path("mash/contacts/<int:pk>/decision/", contacts.contact_decide, name="contact-decide"),
    path("mash/contacts/<int:pk>/sign-off/", contacts.contact_sign_off, name="contact-sign-off"),
    path("mash/children/<int:pk>/", contacts.child_detail, name="child"),
    # Partner agencies answering MASH requests.
    path("information-requests/", checks.check_list, name="checks"),
    path("information-requests/<int:pk>/", checks.check_respond, name="check-respond"),
    # Figures (aggregate).
    path("front-door/figures/", figures.figures, name="figures"),
    path("front-door/figures.csv", figures.figures_csv, name="figures-csv"),
]
