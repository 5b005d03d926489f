"""Every read of front-door records starts from what the person may see (the policies)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from masa.core import clocks
from masa.core.acting import Acting
from masa.frontdoor import matching, thresholds
from masa.frontdoor.models import Child, Contact, LevelOutcome, PartnerCheck, Referral
from masa.frontdoor.policies import contacts, partner_checks, referrals

# CIN census age bands, on the day the contact was received.
AGE_BANDS: dict[str, str] = {
    "unborn": "Unborn",
    "0": "Under 1",
    "1-4": "1 to 4",
    "5-9": "5 to 9",
    "10-15": "10 to 15",
    "16+": "16 and over",
}

# Red first, then amber, then not yet rated, then green.
URGENCY = Case(
    When(rag=Contact.Rag.RED, then=Value(0)),
    When(rag=Contact.Rag.AMBER, then=Value(1)),
    When(rag="", then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)

QUEUE_TABS: dict[str, tuple[str, ...]] = {
    "open": tuple(Contact.OPEN),
    "new": (Contact.Status.NEW,),
    "in_progress": (Contact.Status.IN_PROGRESS,),
    "awaiting_checks": (Contact.Status.AWAITING_CHECKS,),
    "awaiting_manager": (Contact.Status.AWAITING_MANAGER,),
    "decided": (Contact.Status.DECIDED,),
}


def outcomes_by_level(partnership_id: int) -> dict[int, tuple[str, ...]]:
    """The outcomes a partnership allows at each level of need, in the outcomes' order;
    the defaults when it has chosen none."""
    rows = LevelOutcome.objects.filter(partnership_id=partnership_id).values_list(
        "level", "outcome"
    )
    chosen: dict[int, set[str]] = {}
    for level, outcome in rows:
        chosen.setdefault(level, set()).add(outcome)
    if not chosen:
        return dict(thresholds.DEFAULT_OUTCOMES)
    return {
        level: tuple(code for code in Contact.Outcome.values if code in chosen.get(level, set()))
        for level in thresholds.LEVELS
    }


def my_referrals(acting: Acting) -> QuerySet[Referral]:
    """The referrals this person made or started, newest first, with their contacts."""
    return (
        referrals.visible(acting, "view")
        .filter(referrer=acting.person)
        .prefetch_related("contacts")
        .order_by("-updated_at")
    )


def _birth_range(band: str, today: datetime.date) -> Q:
    def years_ago(n: int) -> datetime.date:
        try:
            return today.replace(year=today.year - n)
        except ValueError:  # 29 February
            return today.replace(year=today.year - n, day=28)

    if band == "unborn":
        return Q(date_of_birth__isnull=True, expected_date_of_birth__isnull=False)
    low, _, high = band.partition("-")
    youngest = int(low.rstrip("+"))
    if band == "0":
        return Q(date_of_birth__gt=years_ago(1))
    q = Q(date_of_birth__lte=years_ago(youngest))
    if high:
        q &= Q(date_of_birth__gt=years_ago(int(high) + 1))
    return q


def name_or_reference(words: str, *, via: str = "") -> Q:
    """Contacts whose reference starts with `words`, or whose child's names hold every
    word typed (in any order, either name); `via` reaches the contact from another model
    ("contact__")."""
    words = " ".join(words.split())
    if not words:
        return Q()
    by_name = Q()
    for word in words.split(" "):
        by_name &= Q(**{f"{via}first_names__icontains": word}) | Q(
            **{f"{via}last_name__icontains": word}
        )
    return Q(**{f"{via}reference__istartswith": words.replace(" ", "")}) | by_name


def contact_queue(
    acting: Acting,
    *,
    tab: str = "open",
    q: str = "",
    rag: str = "",
    age_band: str = "",
    source_kind: str = "",
    category: str = "",
    overdue: bool = False,
    now: datetime.datetime | None = None,
) -> QuerySet[Contact]:
    """The MASH queue: red first, then by the decision clock (decided: newest first)."""
    now = now or timezone.now()
    records = contacts.visible(acting, "view").filter(status__in=QUEUE_TABS.get(tab, ()))
    if q.strip():
        records = records.filter(name_or_reference(q))
    if rag:
        records = records.filter(rag="" if rag == "none" else rag)
    if age_band in AGE_BANDS:
        records = records.filter(_birth_range(age_band, timezone.localdate(now)))
    if source_kind:
        records = records.filter(source_kind=source_kind)
    if category:
        records = records.filter(referral__concerns__category=category)
    if overdue:
        # Open: past the clock now. Decided: decided after the clock ran out.
        records = records.filter(
            Q(decided_at__isnull=True, decision_due_at__lt=now)
            | Q(decided_at__gt=F("decision_due_at"))
        )
    records = records.select_related("source_agency", "assigned_to")
    if tab != "decided":
        records = records.annotate(urgency=URGENCY)
    return records.order_by(*queue_order(tab))


def queue_order(tab: str) -> tuple[str, ...]:
    """The queue's order on a tab, ending in the primary key (for keyset paging)."""
    if tab == "decided":
        return ("-decided_at", "-pk")
    return ("urgency", "decision_due_at", "pk")


def queue_counts(
    acting: Acting, *, now: datetime.datetime | None = None, q: str = ""
) -> dict[str, int]:
    """How many contacts sit in each open tab of the queue, and how many are overdue;
    with a search, how many match in every tab (decided too)."""
    now = now or timezone.now()
    visible = contacts.visible(acting, "view")
    statuses: tuple[str, ...] = tuple(Contact.OPEN)
    if q.strip():
        visible = visible.filter(name_or_reference(q))
        statuses = (*statuses, Contact.Status.DECIDED)
    open_contacts = visible.filter(status__in=Contact.OPEN)
    counts = dict.fromkeys(statuses, 0)
    for row in (
        visible.filter(status__in=statuses).values("status").order_by().annotate(n=Count("pk"))
    ):
        counts[row["status"]] = row["n"]
    result = {str(status): n for status, n in counts.items()}
    result["open"] = sum(n for status, n in counts.items() if status in Contact.OPEN)
    result["overdue"] = open_contacts.filter(decision_due_at__lt=now).count()
    return result


@dataclass(frozen=True)
class Candidate:
    child: Child
    score: matching.Score

    def differences(self, contact: Contact) -> list[matching.Difference]:
        """Where the child as referred in `contact` differs from this child's record."""
        return matching.differences(
            _as_person(contact), contact.address, _as_person(self.child), self.child.address
        )


# The columns the candidate search reads: every field of a child, so the few shown are
# built without another query, and only those few become model instances.
_CHILD_COLUMNS = tuple(field.attname for field in Child._meta.concrete_fields)
# At most this many rows come back from the blocking (the union of its arms).
SCORED_AT_MOST = 2000


def candidate_rows(contact: Contact) -> QuerySet[Child, tuple[Any, ...]]:
    """The blocking for `contact`, as rows of `_CHILD_COLUMNS`: the union of one query per
    arm (same sound-alike surname, same birth or expected date, the day and month swapped,
    same postcode), each served by its own index, at most `SCORED_AT_MOST` rows."""
    known = Child.objects.filter(partnership_id=contact.partnership_id).order_by()
    arms = [Q(sound_key=matching.sound_key(contact.last_name))]
    born = contact.date_of_birth or contact.expected_date_of_birth
    if born is not None:
        arms += [Q(date_of_birth=born), Q(expected_date_of_birth=born)]
        swapped = matching.transposed(born)
        if swapped is not None:
            arms.append(Q(date_of_birth=swapped))
    if contact.postcode:
        arms.append(Q(postcode=contact.postcode))
    first, *rest = [known.filter(arm).values_list(*_CHILD_COLUMNS) for arm in arms]
    return first.union(*rest)[:SCORED_AT_MOST]


def _could_show(referred: matching.Person, row: matching.Person) -> bool:
    """Whether a perfect name could lift `row` to `matching.SHOW_FROM`: a bound that
    saves the fuzzy name comparison for rows sharing nothing else with the referral."""
    birth, _ = matching.birth_score(referred.birth, row.birth)
    postcode, _ = matching.postcode_score(referred.postcode, row.postcode)
    best = (
        matching.WEIGHTS["name"] * 100
        + matching.WEIGHTS["birth"] * birth
        + matching.WEIGHTS["postcode"] * postcode
    )
    if referred.nhs_number and row.nhs_number:
        best *= 0.5
    return best >= matching.SHOW_FROM


def child_candidates(contact: Contact, *, limit: int = 8) -> list[Candidate]:
    """Known children who may be the contact's child, best first (see `matching`)."""
    known = Child.objects.filter(partnership_id=contact.partnership_id)
    if contact.nhs_number:
        exact = list(known.filter(nhs_number=contact.nhs_number)[:2])
        if exact:
            referred = _as_person(contact)
            return [
                Candidate(child, matching.score(referred, _as_person(child))) for child in exact
            ]
    # Cheap blocking in the database, careful scoring in Python.
    referred = _as_person(contact)
    columns = {name: n for n, name in enumerate(_CHILD_COLUMNS)}
    at = [columns[name] for name in ("first_names", "last_name", "postcode", "nhs_number")]
    born, expected = columns["date_of_birth"], columns["expected_date_of_birth"]
    scored: list[tuple[float, int, matching.Score, tuple[Any, ...]]] = []
    for row in candidate_rows(contact):
        person = matching.Person(
            first_names=row[at[0]],
            last_name=row[at[1]],
            birth=row[born] or row[expected],
            postcode=row[at[2]],
            nhs_number=row[at[3]],
        )
        if not _could_show(referred, person):
            continue
        score = matching.score(referred, person)
        if score.total >= matching.SHOW_FROM:
            scored.append((-score.total, row[columns["id"]], score, row))
    scored.sort(key=lambda item: item[:2])
    db = Child.objects.db
    return [
        Candidate(Child.from_db(db, list(_CHILD_COLUMNS), list(row)), score)
        for _, _, score, row in scored[:limit]
    ]


def _as_person(record: Contact | Child) -> matching.Person:
    return matching.Person(
        first_names=record.first_names,
        last_name=record.last_name,
        birth=record.date_of_birth or record.expected_date_of_birth,
        postcode=record.postcode,
        nhs_number=record.nhs_number,
    )


def child_history(acting: Acting, child: Child) -> QuerySet[Contact]:
    """Every contact about a child the person may see, newest first."""
    return (
        contacts.visible(acting, "view")
        .filter(child=child)
        .select_related("source_agency", "referral")
        .order_by("-received_at")
    )


def checks_for_my_agency(acting: Acting, *, q: str = "") -> QuerySet[PartnerCheck]:
    """Requests for information addressed to the person's agency: open first, soonest due
    first; then the rest, newest first. `q` finds a child by name or contact reference."""
    is_open = Q(status=PartnerCheck.Status.REQUESTED)
    records = partner_checks.visible(acting, "respond")
    if q.strip():
        records = records.filter(name_or_reference(q, via="contact__"))
    return (
        records.select_related("contact", "requested_by", "agency")
        .annotate(
            answered=Case(When(is_open, then=Value(0)), default=Value(1)),
            open_due=Case(When(is_open, then=F("due_at")), default=None),
        )
        .order_by("answered", "open_due", "-requested_at", "-pk")
    )


def exploitation_agenda(acting: Acting, day: datetime.date) -> QuerySet[Contact]:
    """The day's exploitation triage: CSE, CCE and missing contacts received since the
    previous working day began, and any such contact still open, red first."""
    previous = day - datetime.timedelta(days=1)
    while not clocks.is_working_day(previous):
        previous -= datetime.timedelta(days=1)
    start = datetime.datetime.combine(
        previous, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    end = datetime.datetime.combine(day, datetime.time.max, tzinfo=timezone.get_current_timezone())
    return (
        contacts.visible(acting, "view")
        .filter(exploitation=True, received_at__lte=end)
        .filter(Q(received_at__gte=start) | Q(status__in=Contact.OPEN))
        .select_related("source_agency", "referral", "child")
        .prefetch_related("referral__concerns")
        .annotate(urgency=URGENCY)
        .order_by("urgency", "received_at", "pk")
    )


def contact_counts(acting: Acting, child_ids: list[int], *, excluding: Contact) -> dict[int, int]:
    """How many contacts (other than `excluding`) the person may see about each child."""
    rows = (
        contacts.visible(acting, "view")
        .filter(child_id__in=child_ids)
        .exclude(pk=excluding.pk)
        .values("child_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    return {row["child_id"]: row["n"] for row in rows}
