"""How dates and times print where a template names no format ({{ when }}): as
GOV.UK style writes them, 8 December 2026 and 14:30. Django's own en-GB formats
print "1:35 a.m.", which a sentence's full stop turns into "1:35 a.m..". For a
12-hour time in words use the `time_of_day` filter (1:35am, midday)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
