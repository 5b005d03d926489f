"""The budget lines every existing partnership starts with (seed 001 appendix 2) and
who sees the money: the business unit (finance.view and finance.manage), the executive
(finance.view), and figures-only roles that see the totals (finance.view at aggregate
scope: the independent scrutineer, subgroup chairs and agency data leads). Copied here,
not imported, so this migration means the same thing forever; later partnerships get
the lines from `categories_ensure_defaults`."""

from django.db import migrations

CATEGORIES = [
    ("staffing", "Employees (permanent)"),
    ("staffing", "Agency and consultants"),
    ("non_staffing", "Professional services (chair costs, consultancy)"),
    ("non_staffing", "CSPR/SAR and other scrutiny work"),
    ("non_staffing", "Development activities"),
    ("non_staffing", "Other service costs (website, memberships)"),
    ("income", "Contributions from partners"),
    ("income", "Other income"),
]

P, G = "partnership", "aggregate"
GRANTS = {
    "business-manager": {"finance.view": P, "finance.manage": P},
    "business-unit-officer": {"finance.view": P, "finance.manage": P},
    "executive-member": {"finance.view": P},
    "independent-scrutineer": {"finance.view": G},
    "subgroup-chair": {"finance.view": G},
    "agency-data-lead": {"finance.view": G},
}


def forwards(apps, schema_editor):
    Partnership = apps.get_model("core", "Partnership")
    BudgetCategory = apps.get_model("finance", "BudgetCategory")
    for partnership in Partnership.objects.all():
        if BudgetCategory.objects.filter(partnership=partnership).exists():
            continue
        for position, (section, name) in enumerate(CATEGORIES):
            BudgetCategory.objects.get_or_create(
                partnership=partnership, section=section, name=name, defaults={"position": position}
            )
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


def backwards(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")
    RolePermission.objects.filter(permission__startswith="finance.").delete()
    BudgetCategory = apps.get_model("finance", "BudgetCategory")
    names = [name for _, name in CATEGORIES]
    BudgetCategory.objects.filter(name__in=names, lines__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_notifications"),
        ("finance", "0001_money_contributions_budget_reserve"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
