"""The DASH risk checklist (domestic abuse, stalking, harassment and honour-based
violence), as data: 24 yes/no questions and three bands, with 14 or more "yes"
answers meaning high risk and a referral to MARAC (REFERENCE.md section 2). The
questions are in our own words after the SafeLives partner-agency checklist. The
text is copied here, not imported, so this migration means the same thing forever."""

from django.db import migrations

QUESTIONS = [
    "Has the latest incident left the victim injured?",
    "Is the victim very frightened?",
    "Is the victim afraid of further injury or violence?",
    "Does the victim feel cut off from family or friends?",
    "Is the victim feeling depressed or having thoughts of suicide?",
    "Has the victim separated, or tried to separate, from the abuser in the past year?",
    "Is there conflict over contact with the children?",
    "Does the abuser keep texting, calling, following, stalking or harassing the victim?",
    "Is the victim pregnant, or has she had a baby in the past 18 months?",
    "Is the abuse happening more often?",
    "Is the abuse getting worse?",
    "Does the abuser try to control everything the victim does, or are they very jealous?",
    "Has the abuser ever used a weapon or object to hurt the victim?",
    "Has the abuser ever threatened to kill the victim or someone else, and did the victim "
    "believe it?",
    "Has the abuser ever tried to strangle, choke, suffocate or drown the victim?",
    "Does the abuser do or say sexual things that hurt or degrade the victim or someone else?",
    "Is there anyone else who has threatened the victim, or whom the victim is afraid of?",
    "Is the abuser known to have hurt anyone else (children, relatives, a former partner, "
    "a stranger)?",
    "Has the abuser ever mistreated an animal or the family pet?",
    "Are there money worries, for example the victim depends on the abuser, or a job was lost?",
    "In the past year, has the abuser had problems with drugs, alcohol or mental health that "
    "affect daily life?",
    "Has the abuser ever threatened or attempted suicide?",
    "Has the abuser ever broken bail, an injunction or an agreement about seeing the victim "
    "or the children?",
    "Is the abuser known to have been in trouble with the police, or to have a criminal record?",
]
BANDS = [("Standard", 0, 9, False), ("Medium", 10, 13, False), ("High", 14, None, True)]


def ship(apps, schema_editor):
    checklist_model = apps.get_model("frontdoor", "RiskChecklist")
    question_model = apps.get_model("frontdoor", "RiskQuestion")
    band_model = apps.get_model("frontdoor", "RiskBand")
    checklist, _ = checklist_model.objects.get_or_create(
        code="dash",
        defaults={
            "name": "DASH risk checklist",
            "source": "After the SafeLives Dash risk checklist (partner agency version)",
        },
    )
    for number, text in enumerate(QUESTIONS, start=1):
        question_model.objects.get_or_create(
            checklist=checklist, number=number, defaults={"text": text}
        )
    for name, low, high, marac in BANDS:
        band_model.objects.get_or_create(
            checklist=checklist,
            name=name,
            defaults={"min_score": low, "max_score": high, "refer_to_marac": marac},
        )


def unship(apps, schema_editor):
    apps.get_model("frontdoor", "RiskChecklist").objects.filter(code="dash").delete()


class Migration(migrations.Migration):
    dependencies = [("frontdoor", "0001_referrals_contacts_children_checks_decisions")]
    operations = [migrations.RunPython(ship, unship)]
