"""The pure rules of groups: rotation, quorum and attendance rates."""

from __future__ import annotations

import datetime

from masa.governance import rules

D = datetime.date


def test_a_chair_rotating_every_six_months_between_four_partners() -> None:
    start = D(2025, 4, 1)
    assert rules.turn_on(start, 6, 4, D(2025, 3, 31)) is None
    first = rules.turn_on(start, 6, 4, D(2025, 4, 1))
    assert first == rules.Turn(0, D(2025, 4, 1), D(2025, 10, 1))
    assert rules.turn_on(start, 6, 4, D(2025, 9, 30)) == first
    assert rules.turn_on(start, 6, 4, D(2025, 10, 1)) == rules.Turn(
        1, D(2025, 10, 1), D(2026, 4, 1)
    )
    # After the fourth partner's turn the first chairs again.
    assert rules.turn_on(start, 6, 4, D(2027, 4, 1)) == rules.Turn(0, D(2027, 4, 1), D(2027, 10, 1))


def test_months_are_kept_to_the_end_of_a_short_month() -> None:
    assert rules.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert rules.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert rules.add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)


def test_a_deputy_counts_towards_the_quorum_only_with_confirmed_authority() -> None:
    present = rules.Seat(voting=True, status="present")
    deputy = rules.Seat(voting=True, status="deputy", deputy_authorised=False)
    authorised = rules.Seat(voting=True, status="deputy", deputy_authorised=True)
    adviser = rules.Seat(voting=False, status="present")
    apologies = rules.Seat(voting=True, status="apologies")
    assert rules.counts_towards_quorum(present)
    assert not rules.counts_towards_quorum(deputy)
    assert rules.counts_towards_quorum(authorised)
    assert not rules.counts_towards_quorum(adviser)
    assert not rules.counts_towards_quorum(apologies)
    assert not rules.is_quorate([present, deputy, adviser, apologies], 2)
    assert rules.is_quorate([present, authorised, adviser], 2)


def test_attendance_rate() -> None:
    assert rules.rate(2, 3) == 66.7
    assert rules.rate(0, 0) is None
    assert rules.attended("deputy")
    assert not rules.attended("apologies")
