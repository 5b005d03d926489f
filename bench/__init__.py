"""Performance benchmarks for MASA (`make bench`); a report, never part of the test suite.

A package so that gunicorn can import the bench-only settings and URLs
(`bench.settings`, `bench.urls`) from the repository root.
"""
