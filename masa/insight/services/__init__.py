"""Every write in insight: one domain action, one function, one transaction, one audit
event. By sub-area: `indicators` (the catalogue), `returns`, `reminders` and
`comparators`; the CIN census import is `masa.insight.cin.importer`, platform figures
`masa.insight.compute`.

Views import the sub-module they use. The names are also re-exported here, because
the tests and the demo loader call them as `services.return_submit(...)` in many
places (the churn of changing them all would be larger than the gain).
"""

from masa.insight.services.comparators import ComparatorImport, comparators_import
from masa.insight.services.indicators import (
    INDICATOR_FIELDS,
    catalogue_install,
    indicator_update,
)
from masa.insight.services.reminders import (
    OVERDUE_REMINDER_WINDOW,
    REMIND_AGAIN_AFTER,
    return_remind_agency,
    returns_remind,
)
from masa.insight.services.returns import (
    ReturnInvalid,
    return_open,
    return_save,
    return_submit,
    return_upload,
)

__all__ = [
    "INDICATOR_FIELDS",
    "OVERDUE_REMINDER_WINDOW",
    "REMIND_AGAIN_AFTER",
    "ComparatorImport",
    "ReturnInvalid",
    "catalogue_install",
    "comparators_import",
    "indicator_update",
    "return_open",
    "return_remind_agency",
    "return_save",
    "return_submit",
    "return_upload",
    "returns_remind",
]
