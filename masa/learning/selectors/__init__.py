"""Reads in learning, by sub-area (callers import the sub-module):

* `catalogue`: the programme's events and a course's page;
* `bookings`: a learner's bookings, a booking's history, terms and waiting list;
* `team`: what waits for a line manager;
* `management`: the business unit's programme overview and trainer pool;
* `delivery`: the trainer's events, registers and recordings.

Access is the policies' (masa.learning.policies): every read of records a person asks
for starts from a policy's `visible(...)` or takes records a policy fetched.
"""
