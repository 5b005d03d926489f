"""Governance pages, one module per sub-area (groups, meetings, reports, ...), each
view guarded (masa.core.pages)."""
