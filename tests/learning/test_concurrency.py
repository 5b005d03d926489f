"""Places under concurrent booking, on PostgreSQL: 100 people booking the last 10 places
of an event at once leave exactly 10 confirmed and 90 on the waiting list, in the order
the bookings were made."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.db import connection, connections
from django.db.models import Count

from masa.core import services as core_services
from masa.core.acting import Acting
from masa.core.models import Agency, Membership, Partnership, Person, Role
from masa.learning import services
from masa.learning.models import Booking, Event
from tests.learning.factories import event as make_event

PEOPLE = 100
PLACES = 10  # the last places: the event has CAPACITY, and all but these are taken
CAPACITY = 30
SCHOOLS = ["Northbridge Academy", "Northbridge Hospitals NHS Trust", "Mercia Vale Police"]


def _people(count: int, offset: int = 0) -> list[Membership]:
    northbridge = Partnership.objects.get(slug="northbridge")
    practitioner = Role.objects.get(slug="practitioner")
    agencies = [Agency.objects.get(name=name) for name in SCHOOLS]
    members = []
    for n in range(offset, offset + count):
        agency = agencies[n % len(agencies)]
        who = core_services.person_create(
            actor=None,
            email=f"learner{n}@{agency.email_domain}",
            full_name=f"Learner {n}",
        )
        members.append(
            core_services.membership_create(
                actor=None,
                person=who,
                partnership=northbridge,
                agency=agency,
                roles=[practitioner],
            )
        )
    return members


def _free_connections() -> int:
    """How many connections the server will still give (its limit less those open, less a
    margin for the test's own and anyone else's)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        (limit,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        (open_now,) = cursor.fetchone()
    return int(limit) - int(open_now) - 10


@pytest.mark.postgres
def test_a_hundred_people_booking_the_last_ten_places_at_once(flushable_db: None) -> None:
    on = make_event(capacity=CAPACITY)
    for member in _people(CAPACITY - PLACES, offset=PEOPLE):
        services.booking_make(acting=Acting(member.person, member), event=on)
    on.refresh_from_db()
    assert on.places_left == PLACES
    racers = _people(PEOPLE)
    # The acting contexts are made here: the threads touch no database early.
    actings = [Acting(member.person, member) for member in racers]
    # Every thread holds a connection while it waits for the event's lock: on a server
    # with PostgreSQL's default limit of 100 connections, not all 100 can be connected
    # at once, so the threads queue for one; all of them are waiting at the same time.
    connected = threading.BoundedSemaphore(max(10, min(PEOPLE, _free_connections())))
    start = threading.Barrier(PEOPLE)
    failures: list[BaseException] = []

    def book(member: Acting) -> None:
        try:
            start.wait(timeout=120)
            with connected:
                try:
                    services.booking_make(acting=member, event=on)
                finally:
                    connections.close_all()
        except BaseException as error:  # reported below, with the thread's error
            failures.append(error)

    threads = [threading.Thread(target=book, args=(member,)) for member in actings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    on = Event.objects.get(pk=on.pk)
    assert on.confirmed_count == on.capacity == CAPACITY
    people = [member.person.pk for member in racers]
    made = Booking.objects.filter(event=on, learner_id__in=people).order_by("pk")
    assert made.count() == PEOPLE
    assert sorted(made.values_list("learner_id", flat=True)) == sorted(people)  # one each
    confirmed = [b for b in made if b.status == Booking.Status.CONFIRMED]
    waiting = [b for b in made if b.status == Booking.Status.WAITING]
    assert (len(confirmed), len(waiting)) == (PLACES, PEOPLE - PLACES)
    # The places went to the first ten to book (ids are given in the order the bookings
    # were made, under the event's lock), and the list is in the order the rest booked.
    assert max(b.pk for b in confirmed) < min(b.pk for b in waiting)
    queue = list(
        Booking.objects.filter(event=on, status=Booking.Status.WAITING).order_by(
            "joined_waiting_list_at", "pk"
        )
    )
    assert [b.pk for b in queue] == [b.pk for b in waiting]
    joined = [b.joined_waiting_list_at for b in queue]
    assert all(a is not None and b is not None and a < b for a, b in itertools.pairwise(joined))
    active = Booking.objects.filter(event=on, status__in=Booking.ACTIVE)
    assert not active.values("learner_id").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert active.count() == CAPACITY + PEOPLE - PLACES
    assert Person.objects.filter(pk__in=people).count() == PEOPLE
