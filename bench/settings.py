"""MASA's own settings plus one bench-only URL.

The bare view must go through exactly the middleware and configuration the real
pages do, so it is the real settings module with only the URL configuration
swapped: anything else would make the baseline flatter the application.
"""

from masa.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
