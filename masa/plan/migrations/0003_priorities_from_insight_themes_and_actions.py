"""The one list of priorities (issue 16): copy what existed, without loss.

For each partnership, into its current plan period (the one covering the day this
runs, else the latest; a three-year period from this financial year's start when it
has none):

* every dashboard priority (`insight.Priority`) becomes a plan priority (name, slug,
  description as its summary, order as its number), and every indicator's link to it
  is copied (`insight` 0005 then drops the old table);
* every action's free-text priority becomes a link (`Action.serves`) to the priority
  of that name (ignoring case and a leading "Priority 2:"); text naming no priority
  becomes a priority of its own, so no action loses what it served. The text is kept;
* review themes and training themes map onto the priority of the same name or slug.

The constants are copied here, so this migration means the same thing forever.
Backwards: each plan priority of the period goes back to `insight.Priority` with its
indicator links. Actions keep their links (the column stays until `actions` 0003 is
reversed) and their text.
"""

import datetime
import re

from django.db import migrations
from django.utils.text import slugify

YEARS = 3
LEADING_NUMBER = re.compile(r"^\s*priority\s*\d+\s*[-:.–]\s*", re.IGNORECASE)


def _financial_year_start(day):
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _period(PlanPeriod, partnership, today, create):
    periods = PlanPeriod.objects.filter(partnership=partnership)
    found = (
        periods.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
        or periods.filter(starts_on__lte=today).order_by("-starts_on").first()
        or periods.order_by("starts_on").first()
    )
    if found is not None or not create:
        return found
    starts = _financial_year_start(today)
    ends = datetime.date(starts.year + YEARS, 3, 31)
    return PlanPeriod.objects.create(
        partnership=partnership, name=f"{starts.year}-{ends.year}", starts_on=starts, ends_on=ends
    )


def _key(text):
    return LEADING_NUMBER.sub("", text or "").strip().casefold()


def _unique_slug(taken, name):
    base = slugify(name)[:55] or "priority"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def forwards(apps, schema_editor):
    Partnership = apps.get_model("core", "Partnership")
    PlanPeriod = apps.get_model("plan", "PlanPeriod")
    Priority = apps.get_model("plan", "Priority")
    OldPriority = apps.get_model("insight", "Priority")
    Indicator = apps.get_model("insight", "Indicator")
    OldLink = Indicator._meta.get_field("priorities").remote_field.through
    NewLink = Priority._meta.get_field("indicators").remote_field.through
    Action = apps.get_model("actions", "Action")
    ReviewTheme = apps.get_model("reviews", "Theme")
    TrainingTheme = apps.get_model("learning", "Theme")
    ReviewLink = Priority._meta.get_field("review_themes").remote_field.through
    TrainingLink = Priority._meta.get_field("training_themes").remote_field.through
    today = datetime.date.today()
    for partnership in Partnership.objects.order_by("pk"):
        old = list(OldPriority.objects.filter(partnership=partnership).order_by("order", "name"))
        texts = list(
            Action.objects.filter(partnership=partnership, serves__isnull=True)
            .exclude(priority="")
            .values_list("pk", "priority")
        )
        if not old and not texts:
            continue
        period = _period(PlanPeriod, partnership, today, create=True)
        in_period = {p.slug: p for p in Priority.objects.filter(period=period)}
        by_name = {p.name.casefold(): p for p in in_period.values()}
        taken = set(in_period)
        number = max([p.number for p in in_period.values()] + [0])
        copied = {}
        for priority in old:
            found = in_period.get(priority.slug) or by_name.get(priority.name.casefold())
            if found is None:
                number += 1
                taken.add(priority.slug)
                found = Priority.objects.create(
                    partnership=partnership,
                    period=period,
                    number=number,
                    name=priority.name[:100],
                    slug=priority.slug,
                    summary=priority.description,
                )
                in_period[found.slug] = found
                by_name[found.name.casefold()] = found
            copied[priority.pk] = found
        NewLink.objects.bulk_create(
            [
                NewLink(priority_id=copied[link.priority_id].pk, indicator_id=link.indicator_id)
                for link in OldLink.objects.filter(priority__in=old)
            ],
            ignore_conflicts=True,
        )
        for action_pk, text in texts:
            key = _key(text)
            if not key:
                continue
            found = by_name.get(key) or in_period.get(slugify(key))
            if found is None:
                number += 1
                name = LEADING_NUMBER.sub("", text).strip()[:100]
                found = Priority.objects.create(
                    partnership=partnership,
                    period=period,
                    number=number,
                    name=name,
                    slug=_unique_slug(taken, name),
                )
                in_period[found.slug] = found
                by_name[key] = found
            Action.objects.filter(pk=action_pk).update(serves=found)
        for Theme, Link, column in (
            (ReviewTheme, ReviewLink, "theme_id"),
            (TrainingTheme, TrainingLink, "theme_id"),
        ):
            links = []
            for theme in Theme.objects.filter(partnership=partnership):
                found = by_name.get(theme.name.casefold()) or in_period.get(slugify(theme.name))
                if found is not None:
                    links.append(Link(priority_id=found.pk, **{column: theme.pk}))
            Link.objects.bulk_create(links, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Partnership = apps.get_model("core", "Partnership")
    PlanPeriod = apps.get_model("plan", "PlanPeriod")
    Priority = apps.get_model("plan", "Priority")
    OldPriority = apps.get_model("insight", "Priority")
    Indicator = apps.get_model("insight", "Indicator")
    OldLink = Indicator._meta.get_field("priorities").remote_field.through
    NewLink = Priority._meta.get_field("indicators").remote_field.through
    today = datetime.date.today()
    for partnership in Partnership.objects.order_by("pk"):
        period = _period(PlanPeriod, partnership, today, create=False)
        if period is None:
            continue
        for priority in Priority.objects.filter(period=period).order_by("number", "name"):
            old, _ = OldPriority.objects.get_or_create(
                partnership=partnership,
                slug=priority.slug,
                defaults={
                    "name": priority.name,
                    "description": priority.summary,
                    "order": priority.number,
                },
            )
            OldLink.objects.bulk_create(
                [
                    OldLink(priority_id=old.pk, indicator_id=link.indicator_id)
                    for link in NewLink.objects.filter(priority=priority)
                ],
                ignore_conflicts=True,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0002_plan_permissions_for_shipped_roles"),
        ("actions", "0005_source_plan"),
        ("insight", "0004_reminder_by_hand"),
        ("reviews", "0006_actions_moved_to_actions_app"),
        ("learning", "0003_line_manager_part"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
