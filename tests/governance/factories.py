"""Groups, members and meetings for tests, made through the services as the business
manager of Northbridge."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from masa.core.acting import Acting
from masa.governance.models import Group, GroupKind, GroupMember, Meeting
from masa.governance.services import groups as group_services
from masa.governance.services import meetings as meeting_services
from tests import helpers as h


def unit(partnership: str = "northbridge") -> Acting:
    return h.acting(
        h.SOUTHMOOR_MANAGER if partnership == "southmoor" else h.BUSINESS_MANAGER, partnership
    )


def group(
    name: str = "Zq neglect subgroup", *, partnership: str = "northbridge", **kwargs: Any
) -> Group:
    kwargs.setdefault("kind", GroupKind.SUBGROUP)
    kwargs.setdefault("quorum", 2)
    return group_services.group_add(acting=unit(partnership), name=name, **kwargs)


def member(
    g: Group,
    email: str,
    *,
    deputy_of: GroupMember | None = None,
    voting: bool = True,
    partnership: str = "northbridge",
) -> GroupMember:
    return group_services.member_add(
        acting=unit(partnership),
        group=g,
        person=h.person(email),
        deputy_of=deputy_of,
        voting=voting,
        joined_on=datetime.date(2020, 1, 1),
    )


def moment(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), timezone.get_current_timezone())


def meeting(g: Group, days: int = -7, *, partnership: str = "northbridge") -> Meeting:
    return meeting_services.meeting_add(
        acting=unit(partnership),
        group=g,
        starts_at=moment(days),
        ends_at=moment(days, 12),
        place="Zq room 1",
    )
