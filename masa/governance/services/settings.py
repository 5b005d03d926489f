"""The partnership's governance settings (the attendance threshold)."""

from __future__ import annotations

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.governance import policies
from masa.governance.models import GovernanceSettings
from masa.governance.services.common import change


@transaction.atomic
def threshold_set(*, acting: Acting, threshold: int) -> GovernanceSettings:
    """Set the attendance rate under which an agency is highlighted (the business unit)."""
    policies.groups.require(acting, "manage_all")
    if not 0 <= threshold <= 100:
        raise ServiceError("The threshold must be between 0 and 100", field="threshold")
    found, _ = GovernanceSettings.objects.select_for_update().get_or_create(
        partnership=acting.partnership
    )
    old = found.attendance_threshold
    found.attendance_threshold = threshold
    found.save(update_fields=["attendance_threshold"])
    audit.record(
        acting,
        "governance.threshold_set",
        found,
        {"attendance_threshold": change(old, threshold)},
        target_label="Governance settings",
    )
    return found
