"""The roles every installation starts with. Roles are data: administrators may
change them afterwards in the admin. The definitions are copied here, not
imported, so this migration means the same thing forever."""

from django.db import migrations

P, A, OWN, G = "partnership", "agency", "own", "aggregate"

PRACTITIONER = {
    "referral.create": OWN,
    "referral.view": OWN,
    "partner_check.respond": A,
    "course.view": P,
    "course.book": OWN,
}
ROLES = [
    (
        "practitioner",
        "Practitioner (referrer)",
        "Makes referrals to the MASH, answers information requests, books training.",
        PRACTITIONER,
    ),
    (
        "mash-practitioner",
        "MASH practitioner",
        "Triages contacts at the front door and asks partners for information.",
        {
            **PRACTITIONER,
            "referral.view": P,
            "contact.view": P,
            "contact.triage": P,
            "child.view": P,
            "partner_check.request": P,
            "dashboard.view": G,
        },
    ),
    (
        "mash-manager",
        "MASH manager",
        "Decides and authorises contacts; oversees the MASH queue and its timeliness.",
        {
            **PRACTITIONER,
            "referral.view": P,
            "contact.view": P,
            "contact.triage": P,
            "contact.decide": P,
            "child.view": P,
            "partner_check.request": P,
            "dashboard.view": G,
            "timescale.view": P,
        },
    ),
    (
        "business-unit-officer",
        "Business unit officer",
        "Supports the partnership: reviews, training, data returns and meetings.",
        {
            "person.view": P,
            "review.view": P,
            "review.manage": P,
            "recommendation.view": P,
            "recommendation.update": P,
            "course.view": P,
            "course.manage": P,
            "data_return.view": P,
            "dashboard.view": G,
            "timescale.view": P,
            "report.view": P,
        },
    ),
    (
        "business-manager",
        "Business manager",
        "Runs the business unit; manages people, settings, the audit log and the yearly report.",
        {
            "person.view": P,
            "person.manage": P,
            "audit.view": P,
            "audit.export": P,
            "partnership.change": P,
            "timescale.view": P,
            "timescale.change": P,
            "review.view": P,
            "review.manage": P,
            "recommendation.view": P,
            "recommendation.update": P,
            "recommendation.sign_off": P,
            "course.view": P,
            "course.manage": P,
            "data_return.view": P,
            "data_return.manage": P,
            "dashboard.view": G,
            "report.view": P,
            "report.manage": P,
        },
    ),
    (
        "agency-data-lead",
        "Agency data lead",
        "Submits the agency's quarterly figures and the story behind them.",
        {
            "data_return.view": A,
            "data_return.submit": A,
            "dashboard.view": G,
            "course.view": P,
            "course.book": OWN,
        },
    ),
    (
        "subgroup-member",
        "Subgroup member",
        "Updates the actions their agency owns, with evidence.",
        {
            "recommendation.view": P,
            "recommendation.update": A,
            "dashboard.view": G,
            "course.view": P,
            "course.book": OWN,
        },
    ),
    (
        "subgroup-chair",
        "Subgroup chair",
        "Owns a subgroup's priorities, actions and recommendations.",
        {
            "recommendation.view": P,
            "recommendation.update": P,
            "dashboard.view": G,
            "data_return.view": P,
            "course.view": P,
            "course.book": OWN,
            "report.view": P,
        },
    ),
    (
        "independent-scrutineer",
        "Independent scrutineer",
        "Reads the partnership's work and records challenge and recommendations.",
        {
            "person.view": P,
            "review.view": P,
            "recommendation.view": P,
            "data_return.view": P,
            "dashboard.view": G,
            "timescale.view": P,
            "report.view": P,
            "course.view": P,
        },
    ),
    (
        "executive-member",
        "Executive member",
        "A lead safeguarding partner or delegate: decisions, sign-off, the yearly report.",
        {
            "review.view": G,
            "recommendation.view": P,
            "recommendation.sign_off": P,
            "data_return.view": P,
            "dashboard.view": G,
            "report.view": P,
            "report.sign_off": P,
            "course.view": P,
        },
    ),
    (
        "trainer",
        "Trainer",
        "Delivers the partnership's training and keeps registers.",
        {"course.view": P, "course.deliver": OWN, "course.book": OWN, "dashboard.view": G},
    ),
    (
        "system-administrator",
        "System administrator",
        "Keeps reference data, people and access in order.",
        {
            "admin.access": P,
            "person.view": P,
            "person.manage": P,
            "audit.view": P,
            "audit.export": P,
            "timescale.view": P,
            "partnership.change": P,
        },
    ),
]


def forwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    RolePermission = apps.get_model("core", "RolePermission")
    for slug, name, description, permissions in ROLES:
        role, _ = Role.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        for permission, scope in permissions.items():
            RolePermission.objects.update_or_create(
                role=role, permission=permission, defaults={"scope": scope}
            )


def backwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    Role.objects.filter(slug__in=[slug for slug, *_ in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_events_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
