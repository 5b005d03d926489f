"""The risk register, escalation and scrutiny granted to the shipped roles, and the
default escalation ladder for every partnership that exists. The grants and the ladder
are copied here, not imported, so this migration means the same thing forever.

* risk: the business unit manages the register; the executive, chairs and members see
  it and review the risks they own; the scrutineer reads it.
* escalation (identifiable: a case reference): practitioners raise and see their own;
  MASH managers, chairs and members see and respond for their agency; the business
  unit sees and responds to all, the business manager sets the ladder; the scrutineer
  reads every one; the executive sees the figures only.
* scrutiny: the scrutineer writes; the executive (and the business manager for it)
  decides; the business unit, chairs and members read.
"""

from django.db import migrations

P, A, OWN, G = "partnership", "agency", "own", "aggregate"
RAISER = {"escalation.raise": OWN, "escalation.view": OWN}
AGENCY_RESPONDER = {
    "escalation.raise": OWN,
    "escalation.view": A,
    "escalation.respond": A,
}
GRANTS = {
    "practitioner": RAISER,
    "mash-practitioner": RAISER,
    "mash-manager": AGENCY_RESPONDER,
    "business-unit-officer": {
        "risk.view": P,
        "risk.review": P,
        "risk.manage": P,
        "escalation.raise": OWN,
        "escalation.view": P,
        "escalation.respond": P,
        "scrutiny.view": P,
    },
    "business-manager": {
        "risk.view": P,
        "risk.review": P,
        "risk.manage": P,
        "escalation.raise": OWN,
        "escalation.view": P,
        "escalation.respond": P,
        "escalation.manage": P,
        "scrutiny.view": P,
        "scrutiny.decide": P,
    },
    "subgroup-member": {"risk.view": P, "risk.review": OWN, **AGENCY_RESPONDER, "scrutiny.view": P},
    "subgroup-chair": {"risk.view": P, "risk.review": OWN, **AGENCY_RESPONDER, "scrutiny.view": P},
    "independent-scrutineer": {
        "risk.view": P,
        "escalation.view": P,
        "scrutiny.view": P,
        "scrutiny.record": P,
    },
    "executive-member": {
        "risk.view": P,
        "risk.review": OWN,
        "escalation.view": G,
        "scrutiny.view": P,
        "scrutiny.decide": P,
    },
}
LADDER = (
    (
        1,
        "Practitioner to practitioner",
        "The practitioner raises the disagreement directly with their counterpart in the "
        "other agency.",
        5,
    ),
    (2, "Managers", "The practitioners' line managers discuss it and agree a way forward.", 5),
    (
        3,
        "Senior managers",
        "Senior managers or designated safeguarding leads of both agencies meet.",
        10,
    ),
    (
        4,
        "The partnership",
        "The business manager takes it to the lead safeguarding partners for a decision.",
        20,
    ),
)


def forwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    RolePermission = apps.get_model("core", "RolePermission")
    for slug, permissions in GRANTS.items():
        role = Role.objects.filter(slug=slug).first()
        if role is None:
            continue
        for permission, scope in permissions.items():
            RolePermission.objects.get_or_create(
                role=role, permission=permission, defaults={"scope": scope}
            )
    Partnership = apps.get_model("core", "Partnership")
    EscalationStage = apps.get_model("governance", "EscalationStage")
    for partnership in Partnership.objects.all():
        if EscalationStage.objects.filter(partnership=partnership).exists():
            continue
        for number, name, description, days in LADDER:
            EscalationStage.objects.create(
                partnership=partnership,
                number=number,
                name=name,
                description=description,
                working_days=days,
            )


def backwards(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")
    RolePermission.objects.filter(
        role__slug__in=list(GRANTS),
        permission__regex=r"^(risk|escalation|scrutiny)\.",
    ).delete()
    EscalationStage = apps.get_model("governance", "EscalationStage")
    Escalation = apps.get_model("governance", "Escalation")
    EscalationStage.objects.exclude(
        partnership__in=Escalation.objects.values("partnership")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0003_risks_escalations_scrutiny")]
    operations = [migrations.RunPython(forwards, backwards)]
