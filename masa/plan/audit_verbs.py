"""The audit verbs of the strategic plan, each registered once with the words the audit
log shows."""
