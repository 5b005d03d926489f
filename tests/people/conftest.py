"""People tests make actions with the case review tests' factories: their records are
dated 2031 to 2033, so "the future" is measured from a day after all of them."""

from __future__ import annotations

from tests.reviews.conftest import TEST_TODAY, evidence_storage, happened_clock

__all__ = ["TEST_TODAY", "evidence_storage", "happened_clock"]
