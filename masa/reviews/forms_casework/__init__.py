"""Forms for the case review group's casework: serious incident notifications,
pre-discussions, rapid reviews and agency summaries, reviews and their steps, SAR
referrals, the reviewer pool and the theme taxonomy.

Forms only check what a person typed; every domain rule (clocks, allowed status moves,
the Care Act s44 test) is the services' and comes back as a field error.

By sub-area: `incidents`, `dates`, `rapid_reviews`, `reviews`, `sar` and `pool`, each
imported by the views of that sub-area; `fields` holds what they share.
"""
