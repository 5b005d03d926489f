"""Governance services, one module per sub-area (groups, meetings, attendance, ...).
Import the submodule at each call site: `from masa.governance.services import groups`."""
