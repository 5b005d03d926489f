"""The starter list of review themes every partnership begins with (it may edit them)."""

from __future__ import annotations

STARTER_THEMES: tuple[tuple[str, str], ...] = (
    ("Neglect", "Persistent failure to meet a child's or adult's basic needs."),
    ("Information sharing", "Whether agencies shared what they knew, in time."),
    ("Voice of the child", "Whether the child was seen, heard and their views acted on."),
    ("Complex family dynamics", "Changing households, hidden adults, family conflict."),
    ("Domestic abuse", "Abuse between partners or family members, and its effect on children."),
    ("Mental health", "Mental ill-health of the subject or the adults around them."),
    ("Parental substance misuse", "Parents' or carers' use of alcohol or drugs."),
    ("Exploitation", "Criminal or sexual exploitation, county lines, trafficking."),
    ("Race and culture", "Ethnicity, culture, faith and language, and how practice responded."),
    ("Professional curiosity", "Looking beyond what is presented; checking and challenging."),
    ("Escalation", "Using professional challenge and escalation when worried."),
    ("Self-neglect and hoarding", "Adults who do not care for themselves or their home."),
    ("Child sexual abuse", "Sexual abuse of children, inside or outside the family."),
    ("Safeguarding infants", "Babies under one: bruising, safe sleep, fathers and partners."),
)
