"""The review themes every existing partnership starts with, and the role of a case
review group member. The lists are copied here, not imported, so this migration means
the same thing forever; later partnerships get the themes from `themes_ensure_defaults`."""

from django.db import migrations

THEMES = [
    ("Neglect", "Persistent failure to meet a child's or adult's basic needs."),
    ("Information sharing", "Whether agencies shared what they knew, in time."),
    ("Voice of the child", "Whether the child was seen, heard and their views acted on."),
    ("Complex family dynamics", "Changing households, hidden adults, family conflict."),
    ("Domestic abuse", "Abuse between partners or family members, and its effect on children."),
    ("Mental health", "Mental ill-health of the subject or the adults around them."),
    ("Parental substance misuse", "Parents' or carers' use of alcohol or drugs."),
    ("Exploitation", "Criminal or sexual exploitation, county lines, trafficking."),
    ("Race and culture", "Ethnicity, culture, faith and language, and how practice responded."),
    ("Professional curiosity", "Looking beyond what is presented; checking and challenging."),
    ("Escalation", "Using professional challenge and escalation when worried."),
    ("Self-neglect and hoarding", "Adults who do not care for themselves or their home."),
    ("Child sexual abuse", "Sexual abuse of children, inside or outside the family."),
    ("Safeguarding infants", "Babies under one: bruising, safe sleep, fathers and partners."),
]

P, G = "partnership", "aggregate"
ROLE = (
    "case-review-group",
    "Case review group member",
    "Sits on the case review group: rapid reviews, review decisions, sign-off of actions",
    {
        "review.view": P,
        "review.manage": P,
        "recommendation.view": P,
        "recommendation.update": P,
        "recommendation.sign_off": P,
        "dashboard.view": G,
    },
)


def forwards(apps, schema_editor):
    Partnership = apps.get_model("core", "Partnership")
    Theme = apps.get_model("reviews", "Theme")
    for partnership in Partnership.objects.all():
        for name, description in THEMES:
            Theme.objects.get_or_create(
                partnership=partnership, name=name, defaults={"description": description}
            )
    Role = apps.get_model("core", "Role")
    RolePermission = apps.get_model("core", "RolePermission")
    slug, name, description, permissions = ROLE
    role, _ = Role.objects.update_or_create(
        slug=slug, defaults={"name": name, "description": description}
    )
    for permission, scope in permissions.items():
        RolePermission.objects.update_or_create(
            role=role, permission=permission, defaults={"scope": scope}
        )


def backwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    Role.objects.filter(slug=ROLE[0]).delete()
    Theme = apps.get_model("reviews", "Theme")
    names = [name for name, _ in THEMES]
    # Only unused starter themes go: a theme tagged on a record stays.
    Theme.objects.filter(
        name__in=names,
        reviews__isnull=True,
        incidents__isnull=True,
        findings__isnull=True,
        recommendations__isnull=True,
        briefings__isnull=True,
        newsletters__isnull=True,
        library_items__isnull=True,
        reviewers__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_partnership_reference_code"),
        ("reviews", "0001_incidents_reviews_actions_learning"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
