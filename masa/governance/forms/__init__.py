"""Governance forms, one module per sub-area, each imported by the views of its sub-area."""
