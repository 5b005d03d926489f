"""The starter audit tool: questions for each of the seven practice areas, which a
partnership edits as its standard tool (each round gets its own copy)."""

from __future__ import annotations

STARTER_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("risk", "Were risks and vulnerabilities identified and responded to in time?"),
    (
        "risk",
        "Were thresholds applied correctly, and was professional escalation used when needed?",
    ),
    (
        "assessment",
        "Did the assessment use the child's history, identity and an evidence-based tool?",
    ),
    ("engagement", "Was the child seen and heard, and what was their lived experience?"),
    ("engagement", "How were parents and carers engaged, including fathers and partners?"),
    ("oversight", "Was there management oversight and timely decision making, recorded?"),
    ("planning", "Was there a child-centred multi-agency plan, shared with the family?"),
    ("multi_agency", "Did agencies share information and work together in time?"),
    ("impact", "What difference did the help make for the child?"),
)
