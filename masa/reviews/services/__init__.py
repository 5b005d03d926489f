"""Every write in case reviews, by sub-area: one domain action, one function, one
transaction, one audit event. Status moves are checked against the tables in
`masa.reviews.rules`; every due date comes from `masa.reviews.timescales` (the
partnership's rules).

Permissions are checked here as well as in the views, so no caller can skip them:
running reviews needs review.manage at partnership scope; sign-off needs
recommendation.sign_off; an agency's summary, `policies.agency_summaries`.

* `reference`: the theme taxonomy and the reviewer pool; `subjects`: who reviews are about;
* `incidents`: serious incidents and pre-discussions; `dates`: correcting recorded dates;
* `rapid_reviews`: rapid reviews and agency summaries; `reviews`: reviews and every step;
* `sar`: SAR referrals; `recommendations`: findings, recommendations and their impact;
* `learning`: briefings, newsletters, the library; `reminders`: due and overdue emails;
* `common`: the checks they share.

Callers import the sub-area they use (`from masa.reviews.services import incidents`).
"""
