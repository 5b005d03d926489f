"""Multi-agency case audits in the shipped roles, a new role for audit group members,
and the starter audit tool for every existing partnership. The role definitions and
the questions are copied here, not imported, so this migration means the same thing
forever; later partnerships get the tool from `tool_ensure_defaults`."""

from django.db import migrations

P, A, G = "partnership", "agency", "aggregate"
RUN = {
    "case_audit.view": P,
    "case_audit.grade": P,
    "case_audit.manage": P,
    "audit_response.answer": P,
}
GRANTS = {
    "business-manager": RUN,
    "business-unit-officer": RUN,
    # Agency leads answer their own agency's audits and urgent concerns.
    "subgroup-member": {"audit_response.answer": A},
    # Aggregate roles see the grades tables only.
    "subgroup-chair": {"case_audit.view": G},
    "executive-member": {"case_audit.view": G},
    "independent-scrutineer": {"case_audit.view": G},
}
ROLE = (
    "audit-group-member",
    "Multi-agency audit group member",
    "Sits on a multi-agency audit group: sees its rounds' cases, grades them, raises "
    "urgent concerns",
    {"case_audit.view": P, "case_audit.grade": P, "dashboard.view": G},
)
QUESTIONS = [
    ("risk", "Were risks and vulnerabilities identified and responded to in time?"),
    (
        "risk",
        "Were thresholds applied correctly, and was professional escalation used when needed?",
    ),
    (
        "assessment",
        "Did the assessment use the child's history, identity and an evidence-based tool?",
    ),
    ("engagement", "Was the child seen and heard, and what was their lived experience?"),
    ("engagement", "How were parents and carers engaged, including fathers and partners?"),
    ("oversight", "Was there management oversight and timely decision making, recorded?"),
    ("planning", "Was there a child-centred multi-agency plan, shared with the family?"),
    ("multi_agency", "Did agencies share information and work together in time?"),
    ("impact", "What difference did the help make for the child?"),
]


def forwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    RolePermission = apps.get_model("core", "RolePermission")
    for slug, permissions in GRANTS.items():
        role = Role.objects.filter(slug=slug).first()
        if role is None:
            continue
        for permission, scope in permissions.items():
            RolePermission.objects.update_or_create(
                role=role, permission=permission, defaults={"scope": scope}
            )
    slug, name, description, permissions = ROLE
    role, _ = Role.objects.update_or_create(
        slug=slug, defaults={"name": name, "description": description}
    )
    for permission, scope in permissions.items():
        RolePermission.objects.update_or_create(
            role=role, permission=permission, defaults={"scope": scope}
        )
    Partnership = apps.get_model("core", "Partnership")
    Question = apps.get_model("audits", "Question")
    for partnership in Partnership.objects.all():
        if Question.objects.filter(partnership=partnership, round__isnull=True).exists():
            continue
        Question.objects.bulk_create(
            [
                Question(partnership=partnership, practice_area=area, text=text, order=number)
                for number, (area, text) in enumerate(QUESTIONS, start=1)
            ]
        )


def backwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    RolePermission = apps.get_model("core", "RolePermission")
    Role.objects.filter(slug=ROLE[0]).delete()
    for slug, permissions in GRANTS.items():
        RolePermission.objects.filter(role__slug=slug, permission__in=list(permissions)).delete()
    # The starter tool's questions stay: rounds' copies and agencies' answers point at
    # them, and going back past 0001 drops them with their tables.


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_notifications"),
        ("audits", "0001_rounds_cases_grades_concerns"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
